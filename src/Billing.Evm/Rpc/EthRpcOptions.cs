namespace Billing.Evm.Rpc;

/// <summary>Timeouts and retry policy of an <see cref="EthRpcClient"/>.</summary>
public sealed record EthRpcOptions
{
    /// <summary>Limit for one HTTP attempt; a timed-out attempt counts as a transport error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts after a transport error (connection refused, reset, timeout, HTTP 429/5xx without a JSON-RPC body).</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Custom errors to recognise in revert data (e.g. the settlement contract's), besides Error(string) and Panic(uint256).</summary>
    public IReadOnlyList<Abi.AbiError> KnownErrors { get; init; } = [];
}
