using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Extensions;
using Billing.X402.Facilitator;
using Billing.X402.Wire;

namespace Billing.X402.Json;

/// <summary>
/// Source-generated serializer metadata for every x402 wire type. Strict on purpose: property names are
/// case-sensitive camelCase, numbers are never read from strings, <c>null</c> is refused where the model says
/// non-nullable, a missing <c>required</c> member is refused, and a duplicated key is refused (two parsers must never
/// disagree about which of two amounts was meant). Nulls are omitted when writing, as the reference SDK does.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    MaxDepth = DefaultMaxDepth)]
[JsonSerializable(typeof(PaymentRequired))]
[JsonSerializable(typeof(PaymentRequirements))]
[JsonSerializable(typeof(PaymentPayload))]
[JsonSerializable(typeof(SettlementResponse))]
[JsonSerializable(typeof(PaymentRequiredV1))]
[JsonSerializable(typeof(PaymentRequirementsV1))]
[JsonSerializable(typeof(PaymentPayloadV1))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(VerifyResponse))]
[JsonSerializable(typeof(SettleRequest))]
[JsonSerializable(typeof(SupportedResponse))]
[JsonSerializable(typeof(DepositPayload))]
[JsonSerializable(typeof(VoucherPayload))]
[JsonSerializable(typeof(RefundPayload))]
[JsonSerializable(typeof(ClaimPayload))]
[JsonSerializable(typeof(SettlePayload))]
[JsonSerializable(typeof(EnrichedRefundPayload))]
[JsonSerializable(typeof(BatchSettlementRequirementsExtra))]
[JsonSerializable(typeof(BatchSettlementResponseExtra))]
[JsonSerializable(typeof(ChannelStateExtra))]
[JsonSerializable(typeof(ExactEvmPayload))]
[JsonSerializable(typeof(PaymentIdentifierExtension))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class X402JsonContext : JsonSerializerContext
{
    /// <summary>
    /// Deep enough for every x402 message (a Permit2 deposit inside a payment payload nests six levels, extension
    /// schemas a few more) and shallow enough that hostile nesting is refused cheaply.
    /// </summary>
    public const int DefaultMaxDepth = 16;
}
