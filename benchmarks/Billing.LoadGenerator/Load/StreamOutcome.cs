namespace Billing.LoadGenerator.Load;

/// <summary>What one stream delivered: its token chunks and, through the gateway, the channel's charged total its last event states.</summary>
public sealed record StreamOutcome(int Tokens, UInt128? ChargedCumulative);
