using System.Text.Json;
using Billing.Evm;
using Billing.X402.Wire;

namespace Billing.Client.Payments;

/// <summary>A batch-settlement offer: the payee's side of the channel terms.</summary>
internal sealed record ChannelOffer(
    PaymentRequirements Requirements,
    ResourceInfo? Resource,
    IReadOnlyDictionary<string, JsonElement>? Extensions,
    ulong ChainId,
    Address Asset,
    Address PayTo,
    UInt128 Price,
    string TokenName,
    string TokenVersion,
    Address ReceiverAuthorizer,
    ulong WithdrawDelay,
    UInt128? MinDeposit)
    : PaidOffer(Requirements, Resource, Extensions, ChainId, Asset, PayTo, Price, TokenName, TokenVersion);
