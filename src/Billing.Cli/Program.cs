using Microsoft.Extensions.Hosting;
using System.Globalization;
using System.Runtime.InteropServices;
using Billing.Cli.Commands;
using Billing.Cli.Upstream;
using Billing.Server.Hosting;

// billing <command>: the engine's command-line entry point.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

// SIGTERM (docker stop, systemd, a supervisor) stops a command as Ctrl+C does, so that what it started (anvil, the
// listening socket) is disposed; left to the runtime, the process would exit without running those disposals.
using var termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    cancellation.Cancel();
});

var command = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "demo":
        return await DemoCommand.RunAsync(
            new DemoArguments(
                Requests: Option(rest, "--requests", 25),
                Price: (UInt128)Option(rest, "--price", 1_000),
                Deposit: (UInt128)Option(rest, "--deposit", 1_000_000),
                ContractsFolder: Text(rest, "--contracts"),
                DataFolder: Text(rest, "--data"))
            {
                Completions = Option(rest, "--completions", 3),
            },
            Console.Out,
            cancellation.Token);
    case "serve":
        await using (var app = ServerApp.Build(rest, contentRoot: Directory.GetCurrentDirectory()))
        {
            await app.StartAsync(cancellation.Token);
            await app.WaitForShutdownAsync(cancellation.Token);
        }

        return 0;
    case "upstream":
        await using (var upstream = await DemoUpstream.StartAsync(
            new DemoUpstreamOptions
            {
                Port = Option(rest, "--port", 8000),
                TokensPerSecond = Option(rest, "--tokens-per-second", 20),
                TokensPerChunk = Option(rest, "--tokens-per-chunk", 1),
                CompletionTokens = Option(rest, "--completion-tokens", 0),
            },
            cancellation.Token))
        {
            Console.WriteLine($"demo upstream (OpenAI-compatible) on {upstream.BaseAddress}; Ctrl+C stops it");
            await Task.Delay(Timeout.Infinite, cancellation.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return 0;
    case "chain":
        return await ChainCommand.RunAsync(rest, Console.Out, cancellation.Token);
    case "settle":
        return await SettleCommand.RunAsync(rest, Console.Out, cancellation.Token);
    case "reconcile":
        return await ReconcileCommand.RunAsync(rest, Console.Out, cancellation.Token);
    default:
        Console.WriteLine("""
            billing demo   [--requests N] [--completions N] [--price UNITS] [--deposit UNITS] [--contracts DIR] [--data DIR]
                           local chain + contracts + server + paying agent + streamed completions through the
                           metered gateway + settlement, with a summary
            billing serve  run the server (configuration: appsettings.json, environment variables)
            billing upstream [--port N] [--tokens-per-second R] [--tokens-per-chunk K] [--completion-tokens N]
                           a small OpenAI-compatible upstream (deterministic text, SSE, usage) for the gateway;
                           N completion tokens per answer (max_tokens still caps them), else 5 to 45 by prompt
            billing chain up [--contracts DIR] [--chain-id N]
                           start anvil (chain id 31337 unless given), deploy the contracts, print the deployment,
                           run until Ctrl+C or SIGTERM
            billing settle --server URL
                           run a settlement (claim + settle) on a server; operator token in BILLING_OPERATOR_TOKEN
            billing reconcile --server URL [--export ledger.csv|ledger.jsonl] [--fail-on-pending]
                           compare charged, journaled, claimed and settled amounts; export the ledger with claim txs
            """);
        return command == "help" ? 0 : 2;
}

static int Option(string[] args, string name, int fallback)
{
    var text = Text(args, name);
    return text is null ? fallback : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}

static string? Text(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
