namespace Billing.Client.Payments;

/// <summary>When the agent answers a 402 with the <c>exact</c> scheme (a signed one-off ERC-3009 transfer).</summary>
public enum ExactSchemeUse
{
    /// <summary>Only batch-settlement channels are used.</summary>
    Never,

    /// <summary><c>exact</c> is used when the 402 has no batch-settlement offer this agent may pay.</summary>
    WhenNoChannelOffer,

    /// <summary><c>exact</c> is used whenever it is offered and allowed; channels otherwise.</summary>
    Preferred,
}
