using Billing.Grains.Channels;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// The SQLite cluster with windowed (write-behind) durability whose timer never fires within a test: writes happen only
/// when the unwritten amount would pass <see cref="WriteBehindMaxAmount"/>, or on an explicit flush.
/// </summary>
public sealed class WindowedSqliteGrainCluster : SqliteGrainCluster
{
    public new const string Collection = "Grains on SQLite, windowed durability";

    public const ulong WriteBehindMaxAmount = 1_000;

    protected override void ConfigureChannels(ChannelGrainOptions options)
    {
        options.Durability = DurabilityMode.Windowed;
        options.WriteBehindDelay = TimeSpan.FromHours(1);
        options.WriteBehindMaxAmount = WriteBehindMaxAmount;
    }
}

[CollectionDefinition(WindowedSqliteGrainCluster.Collection)]
public sealed class WindowedSqliteClusterCollection : ICollectionFixture<WindowedSqliteGrainCluster>;
