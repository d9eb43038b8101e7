using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Decides, independently of the server's decoders, whether a payment the server charged was one it should have: a v2
/// payment answering exactly this offer with a voucher of the funded channel, its amount in canonical form, signed by the
/// payer authorizer in the only form the contract claims with (65 bytes, low s, v = 27 or 28).
/// </summary>
internal sealed class VoucherOracle(PaymentRequirements offer, BatchSettlementDomain domain, FundedChannel channel)
{
    private static readonly BigInteger HalfCurveOrder =
        BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", CultureInfo.InvariantCulture) / 2;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private readonly JsonElement _offerExtra = offer.Extra!.Value.Clone();

    /// <returns>The voucher's cumulative amount, or null with the reason the payment was not one to charge.</returns>
    public UInt128? Verify(string header, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)), Strict);
            return Verify(document.RootElement, out problem);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            problem = $"not a readable payment: {ex.GetType().Name}";
            return null;
        }
    }

    private UInt128? Verify(JsonElement root, out string? problem)
    {
        var accepted = root.GetProperty("accepted");
        var payload = root.GetProperty("payload");
        var config = payload.GetProperty("channelConfig");
        var voucher = payload.GetProperty("voucher");
        problem =
            root.GetProperty("x402Version").GetInt32() != 2 ? "x402Version is not 2"
            : !AnswersOffer(accepted) ? "accepted is not the offer"
            : payload.GetProperty("type").GetString() != "voucher" ? "payload is not a voucher"
            : !IsChannel(config, voucher) ? "not the funded channel"
            : null;
        if (problem is not null)
        {
            return null;
        }

        var text = voucher.GetProperty("maxClaimableAmount").GetString()!;
        if (text.Length == 0 || (text.Length > 1 && text[0] == '0') || text.Any(c => !char.IsAsciiDigit(c))
            || !UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            problem = "maxClaimableAmount is not a canonical uint128";
            return null;
        }

        problem = IsClaimableSignature(voucher.GetProperty("signature").GetString()!, amount);
        return problem is null ? amount : null;
    }

    private bool AnswersOffer(JsonElement accepted) =>
        accepted.GetProperty("scheme").GetString() == offer.Scheme
        && accepted.GetProperty("network").GetString() == offer.Network
        && accepted.GetProperty("amount").GetString() == offer.Amount
        && accepted.GetProperty("asset").GetString() == offer.Asset
        && accepted.GetProperty("payTo").GetString() == offer.PayTo
        && accepted.GetProperty("maxTimeoutSeconds").GetInt32() == offer.MaxTimeoutSeconds
        && accepted.TryGetProperty("extra", out var extra)
        && extra.ValueKind == JsonValueKind.Object
        && _offerExtra.EnumerateObject().All(p => extra.TryGetProperty(p.Name, out var echoed) && JsonElement.DeepEquals(p.Value, echoed));

    private bool IsChannel(JsonElement config, JsonElement voucher) =>
        Hash32.TryParse(voucher.GetProperty("channelId").GetString(), out var id) && id == channel.Id
        && IsAddress(config, "payer", channel.Config.Payer)
        && IsAddress(config, "payerAuthorizer", channel.Config.PayerAuthorizer)
        && IsAddress(config, "receiver", channel.Config.Receiver)
        && IsAddress(config, "receiverAuthorizer", channel.Config.ReceiverAuthorizer)
        && IsAddress(config, "token", channel.Config.Token)
        && config.GetProperty("withdrawDelay").GetInt64() == (long)channel.Config.WithdrawDelay
        && Hash32.TryParse(config.GetProperty("salt").GetString(), out var salt) && salt == channel.Config.Salt;

    private static bool IsAddress(JsonElement config, string name, Address expected) =>
        Address.TryParse(config.GetProperty(name).GetString(), out var actual) && actual == expected;

    private string? IsClaimableSignature(string hex, UInt128 amount)
    {
        if (!hex.StartsWith("0x", StringComparison.Ordinal) || hex.Length != 132 || !Hex.TryDecode(hex, out var signature))
        {
            return "the signature is not 65 bytes of 0x-hex";
        }

        if (signature[64] is not (27 or 28))
        {
            return $"v is {signature[64]}; the contract recovers with 27 or 28 only";
        }

        if (new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true) > HalfCurveOrder)
        {
            return "s is in the upper half of the curve order";
        }

        return Secp256k1.Default.TryRecover(domain.VoucherDigest(channel.Id, amount).AsSpan(), signature, out var signer) && signer == channel.Config.PayerAuthorizer
            ? null
            : "the signature does not recover to the payer authorizer";
    }
}
