namespace Billing.Server.Payments;

/// <summary>
/// The EIP-712 domain name and version of the token a deposit moves: the payer signs its ERC-3009 authorization in that
/// domain, so a deposit can only be checked against the name and version the offer announced.
/// </summary>
public sealed record DepositToken(string Name, string Version);
