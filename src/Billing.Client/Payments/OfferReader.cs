using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Billing.Evm;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Client.Payments;

/// <summary>
/// Reads a 402 into the offers this agent can pay. Anything malformed, unknown or unsafe (a zero receiver authorizer, a
/// withdraw delay outside the contract's range, a missing token domain) is skipped, never half-used.
/// </summary>
internal static class OfferReader
{
    public static bool TryReadChallenge(HttpResponseMessage response, [NotNullWhen(true)] out PaymentRequired? required, out string problem)
    {
        ArgumentNullException.ThrowIfNull(response);
        required = null;
        var header = response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values) ? values.FirstOrDefault() : null;
        if (!PaymentHeaderCodec.Default.DecodePaymentRequired(header).TryGetValue(out var decoded, out var error))
        {
            problem = $"The 402 carries no readable {X402Headers.PaymentRequired} header ({error.Reason}).";
            return false;
        }

        required = decoded;
        problem = "";
        return true;
    }

    public static IEnumerable<ChannelOffer> ChannelOffers(PaymentRequired required)
    {
        ArgumentNullException.ThrowIfNull(required);
        foreach (var requirements in required.Accepts)
        {
            if (requirements.Scheme == BatchSettlementScheme.Name && TryReadChannelOffer(required, requirements, out var offer))
            {
                yield return offer;
            }
        }
    }

    public static IEnumerable<ExactOffer> ExactOffers(PaymentRequired required)
    {
        ArgumentNullException.ThrowIfNull(required);
        foreach (var requirements in required.Accepts)
        {
            if (requirements.Scheme == ExactScheme.Name && TryReadExactOffer(required, requirements, out var offer))
            {
                yield return offer;
            }
        }
    }

    private static bool TryReadChannelOffer(PaymentRequired required, PaymentRequirements requirements, [NotNullWhen(true)] out ChannelOffer? offer)
    {
        offer = null;
        if (!TryReadCommon(requirements, out var chainId, out var asset, out var payTo, out var price)
            || !BatchSettlementExtra.ReadRequirementsExtra(requirements).TryGetValue(out var extra, out _)
            || !Address.TryParse(extra.ReceiverAuthorizer, out var receiverAuthorizer)
            || receiverAuthorizer.IsZero
            || extra.WithdrawDelay is < BatchSettlementScheme.MinWithdrawDelaySeconds or > BatchSettlementScheme.MaxWithdrawDelaySeconds
            || string.IsNullOrEmpty(extra.Name)
            || string.IsNullOrEmpty(extra.Version)
            || (extra.AssetTransferMethod is not null && extra.AssetTransferMethod != AssetTransferMethods.Eip3009))
        {
            return false;
        }

        UInt128? minDeposit = DecimalString.TryParseUInt128(extra.MinDeposit, out var min) ? min : null;
        offer = new ChannelOffer(
            requirements, required.Resource, required.Extensions, chainId, asset, payTo, price, extra.Name, extra.Version,
            receiverAuthorizer, (ulong)extra.WithdrawDelay, minDeposit);
        return true;
    }

    private static bool TryReadExactOffer(PaymentRequired required, PaymentRequirements requirements, [NotNullWhen(true)] out ExactOffer? offer)
    {
        offer = null;
        if (!TryReadCommon(requirements, out var chainId, out var asset, out var payTo, out var price)
            || price == UInt128.Zero
            || payTo.IsZero
            || requirements.Extra is not { ValueKind: JsonValueKind.Object } extra
            || !TryReadString(extra, "name", out var name)
            || !TryReadString(extra, "version", out var version)
            || (TryReadString(extra, "assetTransferMethod", out var method) && method != AssetTransferMethods.Eip3009))
        {
            return false;
        }

        offer = new ExactOffer(requirements, required.Resource, required.Extensions, chainId, asset, payTo, price, name, version);
        return true;
    }

    private static bool TryReadCommon(PaymentRequirements requirements, out ulong chainId, out Address asset, out Address payTo, out UInt128 price)
    {
        asset = default;
        payTo = default;
        price = default;
        return Caip2.TryParseEip155(requirements.Network, out chainId)
            && Address.TryParse(requirements.Asset, out asset)
            && Address.TryParse(requirements.PayTo, out payTo)
            && DecimalString.TryParseUInt128(requirements.Amount, out price)
            && requirements.MaxTimeoutSeconds > 0;
    }

    private static bool TryReadString(JsonElement extra, string name, [NotNullWhen(true)] out string? value)
    {
        value = extra.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return !string.IsNullOrEmpty(value);
    }
}
