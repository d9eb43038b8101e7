namespace Billing.Grains.Chain;

/// <summary>Where the channel contract lives and how much of the chain we trust. Bound from configuration section "Chain".</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    public Uri RpcUrl { get; set; } = new("http://127.0.0.1:8545");

    public ulong ChainId { get; set; } = 31337;

    /// <summary>The batch-settlement contract (the EIP-712 verifying contract of vouchers).</summary>
    public string BatchSettlement { get; set; } = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003";

    /// <summary>The ERC-3009 deposit collector payers authorize as the receiver of their deposit.</summary>
    public string Erc3009DepositCollector { get; set; } = "0x4020806089470a89826cB9fB1f4059150b550004";

    /// <summary>
    /// Blocks that must contain a state change before it counts (1 = mined). Balances are read at latest − (n − 1), so an
    /// unconfirmed top-up cannot be spent.
    /// </summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>Limit for one JSON-RPC attempt; a node that hangs longer counts as a transport error and is retried.</summary>
    public TimeSpan RpcRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts after a transport error (refused, reset, timed out, 429/5xx without a JSON-RPC body).</summary>
    public int RpcRetries { get; set; } = 3;

    /// <summary>How long a sent transaction may be unknown to the node before it counts as dropped from the pool.</summary>
    public TimeSpan DroppedTransactionAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Optional: the JSON the contracts' deploy script writes. When set, the contract address (and the payment asset,
    /// unless configured) come from it.
    /// </summary>
    public string? DeploymentFile { get; set; }
}
