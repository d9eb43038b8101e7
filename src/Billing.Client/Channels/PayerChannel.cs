namespace Billing.Client.Channels;

/// <summary>
/// What the payer remembers of one channel: the total the server has charged (the basis of the next voucher) and the
/// highest voucher it signed. Lose it and the server's corrective 402 restores it.
/// </summary>
public sealed record PayerChannel(UInt128 ChargedCumulative, UInt128 SignedMaxClaimable, UInt128 Balance);
