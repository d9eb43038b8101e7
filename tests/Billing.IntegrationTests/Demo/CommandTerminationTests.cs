using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Billing.IntegrationTests.Interop;

namespace Billing.IntegrationTests.Demo;

/// <summary>
/// Long-running commands stop cleanly on SIGTERM (what docker stop, systemd and CI runners send): exit code 0, their
/// port closed, and nothing they started left running.
/// </summary>
public sealed partial class CommandTerminationTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_demo_upstream_stops_on_sigterm_and_closes_its_port()
    {
        var port = FreePort();
        using var command = Start("upstream", "--port", port.ToString(CultureInfo.InvariantCulture));
        await command.WaitForOutputAsync(UpstreamReady());

        await command.TerminateAsync();

        Assert.True(command.Process.ExitCode == 0, command.Output);
        Assert.False(await AcceptsAsync(port), "the upstream's port still accepts connections");
    }

    [Fact]
    public async Task Chain_up_stops_its_anvil_on_sigterm()
    {
        using var command = Start("chain", "up", "--contracts", Path.Combine(RepositoryRoot.Path, "contracts"));
        var anvil = await command.WaitForOutputAsync(AnvilLine());
        var port = int.Parse(anvil.Groups["port"].Value, CultureInfo.InvariantCulture);
        await command.WaitForOutputAsync(RunningLine());
        Assert.True(await AcceptsAsync(port));

        await command.TerminateAsync();

        Assert.True(command.Process.ExitCode == 0, command.Output);
        Assert.False(await AcceptsAsync(port), "anvil outlived the command that started it");
    }

    private static CliProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "billing.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException("billing did not start."));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"demo upstream \(OpenAI-compatible\) on ")]
    private static partial Regex UpstreamReady();

    [GeneratedRegex(@"anvil: http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex AnvilLine();

    [GeneratedRegex(@"Running; Ctrl\+C stops the chain\.")]
    private static partial Regex RunningLine();

    /// <summary>A CLI command running as its own process, its output captured; killed if a test leaves it running.</summary>
    private sealed class CliProcess : IDisposable
    {
        private readonly StringBuilder _output = new();

        public CliProcess(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Capture(e.Data);
            process.ErrorDataReceived += (_, e) => Capture(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Polls the output until <paramref name="pattern"/> appears, within the deadline.</summary>
        public async Task<Match> WaitForOutputAsync(Regex pattern)
        {
            var until = DateTime.UtcNow + StartDeadline;
            while (DateTime.UtcNow < until && !Process.HasExited)
            {
                if (pattern.Match(Output) is { Success: true } match)
                {
                    return match;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"no '{pattern}' in the output of billing:\n{Output}");
        }

        /// <summary>Sends SIGTERM and waits for the process to end, within the deadline.</summary>
        public async Task TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-s", "TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(StopDeadline);
            await Process.WaitForExitAsync(deadline.Token);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Capture(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
