using System.Globalization;

namespace Billing.LoadGenerator;

/// <summary>How long and how wide each scenario runs. <c>--quick</c> fits the whole suite in under three minutes on two cores.</summary>
public sealed record LoadSettings
{
    public const string PostgresVariable = "BILLING_BENCH_POSTGRES";

    public bool Quick { get; init; }

    public string OutputFolder { get; init; } = "";

    /// <summary>PostgreSQL connection string for the strict-postgres scenario; without it that scenario reports "not available".</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Scenario names to run; empty runs all.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Concurrent channels; each sends its paid requests one after another.</summary>
    public int Channels { get; init; }

    /// <summary>Untimed requests per channel first: activates grains, reads the chain, warms the JIT.</summary>
    public int WarmupPerChannel { get; init; }

    public TimeSpan ClosedLoopDuration { get; init; }

    /// <summary>Most vouchers a channel signs for the closed loop: the phase ends early when they run out.</summary>
    public int ClosedLoopVouchersPerChannel { get; init; }

    /// <summary>Most paid streams a channel signs for stream-tokens' timed phase: the phase ends early when they run out.</summary>
    public int StreamsPerChannel { get; init; }

    public TimeSpan OpenLoopDuration { get; init; }

    /// <summary>Open-loop offered loads as fractions of the measured closed-loop throughput; 0.5 is the one reported.</summary>
    public IReadOnlyList<double> OpenLoopFractions { get; init; } = [];

    public TimeSpan RecoverDuration { get; init; }

    /// <summary>Channel grains memory-per-channel activates (after a warm-up set).</summary>
    public int MemoryChannels { get; init; }

    public UInt128 Price { get; init; } = 1_000;

    public string Command { get; init; } = "";

    public static LoadSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = args.Contains("--quick");
        var settings = quick
            ? new LoadSettings
            {
                Quick = true,
                Channels = 32,
                WarmupPerChannel = 20,
                ClosedLoopDuration = TimeSpan.FromSeconds(5),
                ClosedLoopVouchersPerChannel = 1_200,
                StreamsPerChannel = 400,
                OpenLoopDuration = TimeSpan.FromSeconds(5),
                OpenLoopFractions = [0.5],
                RecoverDuration = TimeSpan.FromSeconds(2),
                MemoryChannels = 10_000,
            }
            : new LoadSettings
            {
                Channels = 64,
                WarmupPerChannel = 50,
                ClosedLoopDuration = TimeSpan.FromSeconds(20),
                ClosedLoopVouchersPerChannel = 4_000,
                StreamsPerChannel = 1_500,
                OpenLoopDuration = TimeSpan.FromSeconds(15),
                OpenLoopFractions = [0.25, 0.5, 0.75, 0.9],
                RecoverDuration = TimeSpan.FromSeconds(10),
                MemoryChannels = 100_000,
            };

        var only = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--out":
                    settings = settings with { OutputFolder = Value(args, ref i) };
                    break;
                case "--postgres":
                    settings = settings with { PostgresConnectionString = Value(args, ref i) };
                    break;
                case "--only":
                    only.UnionWith(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--command":
                    settings = settings with { Command = Value(args, ref i) };
                    break;
                case "--channels":
                    settings = settings with { Channels = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) };
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: billing-loadgen [--quick] [--out DIR] [--postgres CONNSTR] [--only a,b] [--channels N]");
            }
        }

        if (settings.Channels is < 1 or > 4_096)
        {
            throw new ArgumentException("--channels must be between 1 and 4096.");
        }

        var output = settings.OutputFolder.Length > 0
            ? settings.OutputFolder
            : Path.Combine("benchmarks", "results", DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        // The connection string carries a password: benchmarks/run passes it in the environment, out of process listings.
        if (settings.PostgresConnectionString is null && Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } fromEnvironment)
        {
            settings = settings with { PostgresConnectionString = fromEnvironment };
        }

        var command = settings.Command.Length > 0 ? settings.Command : "billing-loadgen " + string.Join(' ', args);
        return settings with { OutputFolder = Path.GetFullPath(output), Only = only, Command = command };
    }

    public bool Includes(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public string Describe(string durability, string storage) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Channels} channels, {WarmupPerChannel} warm-up requests each; closed loop {ClosedLoopDuration.TotalSeconds:0} s (≤ {ClosedLoopVouchersPerChannel} vouchers/channel); "
            + $"open loop {OpenLoopDuration.TotalSeconds:0} s at {string.Join("/", OpenLoopFractions.Select(f => $"{f:P0}"))} of it; price {Price} units; durability {durability}; storage {storage}");

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
