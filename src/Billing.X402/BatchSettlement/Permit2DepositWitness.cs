namespace Billing.X402.BatchSettlement;

/// <summary>The Permit2 witness that binds a deposit signature to one channel.</summary>
public sealed record Permit2DepositWitness
{
    public required string ChannelId { get; init; }
}
