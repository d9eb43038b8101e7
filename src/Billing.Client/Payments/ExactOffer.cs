using System.Text.Json;
using Billing.Evm;
using Billing.X402.Wire;

namespace Billing.Client.Payments;

/// <summary>An <c>exact</c> offer: one ERC-3009 transfer of exactly the price to the payee.</summary>
internal sealed record ExactOffer(
    PaymentRequirements Requirements,
    ResourceInfo? Resource,
    IReadOnlyDictionary<string, JsonElement>? Extensions,
    ulong ChainId,
    Address Asset,
    Address PayTo,
    UInt128 Price,
    string TokenName,
    string TokenVersion)
    : PaidOffer(Requirements, Resource, Extensions, ChainId, Asset, PayTo, Price, TokenName, TokenVersion);
