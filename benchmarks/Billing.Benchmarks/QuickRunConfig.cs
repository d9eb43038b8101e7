using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Billing.Benchmarks;

/// <summary>
/// The configuration every run gets: median and 95th-percentile columns, results under <c>benchmarks/</c>, and, unless
/// the command line names a job (<c>--job short</c>, <c>--job dry</c>, ...), the Quick job. The machines are 2-core and
/// shared with other work, so one launch of ten 250 ms iterations after three warm-ups keeps the whole suite to
/// a few minutes while still giving a median and a 95th percentile over the iteration means.
/// </summary>
public static class QuickRunConfig
{
    public static Job QuickJob { get; } = Job.Default
        .WithId("Quick")
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(10)
        .WithIterationTime(TimeInterval.FromMilliseconds(250));

    public static IConfig Create(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // The generated project builds Billing.Server (Orleans code generation) too: on a busy 2-core machine that takes
        // longer than BenchmarkDotNet's default two minutes.
        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.P95).WithBuildTimeout(TimeSpan.FromMinutes(10));

        // BenchmarkDotNet adds a command-line job next to the configured ones; two jobs would double the run time.
        if (!args.Any(NamesJob))
        {
            config = config.AddJob(QuickJob);
        }

        var repositoryRoot = FindRepositoryRoot();
        return repositoryRoot is null
            ? config
            : config.WithArtifactsPath(Path.Combine(repositoryRoot, "benchmarks", "BenchmarkDotNet.Artifacts"));
    }

    private static bool NamesJob(string arg) =>
        arg is "-j" || arg.StartsWith("--job", StringComparison.Ordinal);

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Billing.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
