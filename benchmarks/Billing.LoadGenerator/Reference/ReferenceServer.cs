using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Billing.LoadGenerator.Reference;

/// <summary>
/// benchmarks/reference/server.mjs as a child process (node, @x402/express + @x402/evm batch-settlement), seeded with
/// the benchmark's channels. Disposing it stops the process.
/// </summary>
public sealed class ReferenceServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _seedFile;

    private ReferenceServer(Process process, string seedFile, Uri baseAddress)
    {
        _process = process;
        _seedFile = seedFile;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Null when the server's npm packages are missing (benchmarks/run installs them with npm ci).</summary>
    public static string? MissingPrerequisite()
    {
        var folder = Path.Combine(RepositoryRoot.Locate(), "benchmarks", "reference");
        return Directory.Exists(Path.Combine(folder, "node_modules", "@x402", "express"))
            ? null
            : $"npm packages missing in {Path.Combine("benchmarks", "reference")} (run npm ci there)";
    }

    public static async Task<ReferenceServer> StartAsync(ReferenceSeed seed, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepositoryRoot.Locate(), "benchmarks", "reference");
        var seedFile = Path.Combine(Path.GetTempPath(), $"billing-reference-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seedFile, JsonSerializer.Serialize(seed), cancellationToken);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(seedFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The reference server exited before listening:\n{await stderr}");
            using var announced = JsonDocument.Parse(line);
            var port = announced.RootElement.GetProperty("port").GetInt32();
            return new ReferenceServer(process, seedFile, new Uri($"http://127.0.0.1:{port}"));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            File.Delete(seedFile);
            throw;
        }
    }

    /// <summary>How often the stand-in facilitator was asked to verify or settle: anything but 0 means a voucher left the process.</summary>
    public async Task<int> FacilitatorCallsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var answer = await http.GetFromJsonAsync<JsonElement>(new Uri(BaseAddress, "/bench/facilitator-calls"), cancellationToken);
        return answer.GetProperty("calls").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_seedFile);
    }
}
