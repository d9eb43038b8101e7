using System.Diagnostics;

namespace Billing.IntegrationTests.Interop;

/// <summary>Runs a command line tool to completion with a deadline, capturing what it printed.</summary>
internal static class ExternalTool
{
    public static async Task<ToolResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{start.FileName}' did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung tool must not hang the test run: stop it and report what it said so far.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"'{start.FileName} {string.Join(' ', start.ArgumentList)}' did not finish within {timeout}.\n{await stdout}\n{await stderr}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
