using System.Diagnostics;
using Billing.Evm.Tests.Support;

namespace Billing.Evm.Tests.CrossCheck;

/// <summary>
/// Runs Foundry's <c>cast</c> (contracts/node_modules/.bin/cast). Cross-check tests fail, not skip, when it is missing:
/// a silently skipped proof is no proof.
/// </summary>
internal static class Cast
{
    private static readonly SemaphoreSlim Slots = new(Math.Max(4, Environment.ProcessorCount * 2));

    public static string Path
    {
        get
        {
            var path = RepositoryRoot.ContractsBin("cast");
            Assert.True(File.Exists(path), $"cast not found at {path}: run scripts/setup (npm ci in contracts/) before the cross-check tests.");
            return path;
        }
    }

    public static async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var path = Path;
        await Slots.WaitAsync();
        try
        {
            var start = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                Assert.Fail($"cast {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
            }

            return (await stdout).Trim();
        }
        finally
        {
            Slots.Release();
        }
    }

    /// <summary>Runs every case concurrently (bounded) and returns cast's outputs in case order.</summary>
    public static Task<string[]> RunAllAsync(IEnumerable<IReadOnlyList<string>> cases) => Task.WhenAll(cases.Select(RunAsync));
}
