using System.Text.Json;
using Billing.Evm;
using Billing.Evm.Eip712;
using Billing.X402;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Wire;

namespace Billing.Server.Exact;

/// <summary>
/// Reads an <c>exact</c> offer someone else made (a resource server asking our facilitator): scheme, network on this
/// chain, a price, addresses, and the token's EIP-712 domain in <c>extra</c>, which the signature is checked in.
/// </summary>
public static class ExactRequirementsReader
{
    public static X402Result<ExactOffer> Read(PaymentRequirements requirements, ulong chainId)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        if (requirements.Scheme != ExactScheme.Name)
        {
            return new X402Error(X402ErrorReasons.ExactEvmScheme, "the requirements are not for the exact scheme");
        }

        if (!Caip2.TryParseEip155(requirements.Network, out var network) || network != chainId)
        {
            return new X402Error(X402ErrorReasons.ExactEvmNetworkMismatch, $"this facilitator settles on {Caip2.FormatEip155(chainId)} only");
        }

        if (!DecimalString.TryParseUInt128(requirements.Amount, out var price) || price == UInt128.Zero
            || !Address.TryParse(requirements.PayTo, out var payTo) || payTo.IsZero
            || !Address.TryParse(requirements.Asset, out var asset) || asset.IsZero)
        {
            return new X402Error(X402ErrorReasons.InvalidPaymentRequirements, "amount, payTo and asset must be a non-zero uint128 and addresses");
        }

        if (Text(requirements.Extra, "name") is not { Length: > 0 } name || Text(requirements.Extra, "version") is not { Length: > 0 } version)
        {
            return new X402Error(X402ErrorReasons.ExactEvmMissingEip712Domain, "extra.name and extra.version (the token's EIP-712 domain) are required");
        }

        return new ExactOffer(price, requirements, payTo, asset, new Eip712Domain(name, version, chainId, asset));
    }

    private static string? Text(JsonElement? extra, string name) =>
        extra is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.String
            ? field.GetString()
            : null;
}
