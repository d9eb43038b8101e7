using System.Text.Json;
using Billing.Evm;
using Billing.X402.Formats;

namespace Billing.Client.Channels;

/// <summary>
/// Channel records as files, one per channel: <c>&lt;directory&gt;/client/&lt;channelId&gt;.json</c>, amounts as decimal
/// strings (the reference client's layout). A write goes to a temporary file in the same folder, is flushed to disk,
/// and then renamed over the record, so a crash leaves either the old record or the new one, never a torn one. Meant
/// for one agent process per directory; the SDK already serialises writes per channel.
/// </summary>
public sealed class FilePayerChannelStore : IPayerChannelStore
{
    private const string TempSuffix = ".tmp";
    private readonly string _folder;

    public FilePayerChannelStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _folder = Path.Combine(Path.GetFullPath(directory), "client");
        Directory.CreateDirectory(_folder);
    }

    /// <summary>Where the record of <paramref name="channelId"/> lives.</summary>
    public string PathOf(Hash32 channelId) => Path.Combine(_folder, channelId.ToString() + ".json");

    /// <summary>
    /// The stored record, or null when there is none. A record that cannot be read (edited by hand, from another
    /// program) counts as none: the payee's corrective 402 restores the state, and the file is left for inspection
    /// until the next write replaces it.
    /// </summary>
    public async ValueTask<PayerChannel?> GetAsync(Hash32 channelId, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PathOf(channelId), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return TryParse(bytes, out var channel) ? channel : null;
    }

    public async ValueTask SetAsync(Hash32 channelId, PayerChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var record = new PayerChannelRecord(
            channelId.ToString(),
            DecimalString.Format(channel.ChargedCumulative),
            DecimalString.Format(channel.SignedMaxClaimable),
            DecimalString.Format(channel.Balance));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, PayerChannelJson.Default.PayerChannelRecord);
        var target = PathOf(channelId);
        var temp = $"{target}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public ValueTask DeleteAsync(Hash32 channelId, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(channelId));
        return ValueTask.CompletedTask;
    }

    private static bool TryParse(byte[] bytes, out PayerChannel? channel)
    {
        channel = null;
        PayerChannelRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(bytes, PayerChannelJson.Default.PayerChannelRecord);
        }
        catch (JsonException)
        {
            return false;
        }

        if (record is null
            || !DecimalString.TryParseUInt128(record.ChargedCumulativeAmount, out var charged)
            || !DecimalString.TryParseUInt128(record.SignedMaxClaimable, out var signed)
            || !DecimalString.TryParseUInt128(record.Balance, out var balance))
        {
            return false;
        }

        channel = new PayerChannel(charged, signed, balance);
        return true;
    }
}
