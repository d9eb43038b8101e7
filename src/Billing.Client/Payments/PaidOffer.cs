using System.Text.Json;
using Billing.Evm;
using Billing.Evm.Eip712;
using Billing.X402.Wire;

namespace Billing.Client.Payments;

/// <summary>
/// An offer from a 402 that this agent understood and may pay: the wire requirements kept verbatim (they are echoed back
/// as <c>accepted</c>) and their parsed values.
/// </summary>
internal abstract record PaidOffer(
    PaymentRequirements Requirements,
    ResourceInfo? Resource,
    IReadOnlyDictionary<string, JsonElement>? Extensions,
    ulong ChainId,
    Address Asset,
    Address PayTo,
    UInt128 Price,
    string TokenName,
    string TokenVersion)
{
    /// <summary>The token's EIP-712 domain, in which ERC-3009 authorizations are signed.</summary>
    public Eip712Domain TokenDomain() => new(TokenName, TokenVersion, ChainId, Asset);
}
