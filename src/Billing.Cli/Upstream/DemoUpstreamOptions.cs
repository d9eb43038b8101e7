namespace Billing.Cli.Upstream;

/// <summary>How the demo upstream behaves.</summary>
public sealed record DemoUpstreamOptions
{
    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Streamed tokens per second; 0 streams as fast as possible.</summary>
    public double TokensPerSecond { get; init; }

    /// <summary>
    /// Completion tokens per SSE chunk (the last chunk may hold fewer). 1, as OpenAI-compatible servers stream by
    /// default; more imitates servers that batch several tokens per chunk under load (vLLM does). The pace stays
    /// <see cref="TokensPerSecond"/> tokens a second.
    /// </summary>
    public int TokensPerChunk { get; init; } = 1;

    /// <summary>
    /// Completion tokens the upstream answers every request with (<c>max_tokens</c> still caps them); 0 keeps the
    /// default, 5 to 45 tokens chosen from the prompt's length. Hundreds imitate realistic completions, whose per-stream
    /// costs (payment, grain calls, the proxied request) spread over many more tokens than the default's.
    /// </summary>
    public int CompletionTokens { get; init; }

    /// <summary>Report <c>usage</c> (in answers, and in streams that ask for it). Off imitates upstreams that do not.</summary>
    public bool ReportUsage { get; init; } = true;

    /// <summary>Generate past <c>max_tokens</c>, as a broken upstream would: what the gateway's cut-off is for.</summary>
    public bool IgnoreMaxTokens { get; init; }
}
