using System.Buffers;
using System.Text.Json;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Facilitator;

namespace Billing.Server.Facilitator;

/// <summary>
/// <c>/supported</c>: batch-settlement and exact (ERC-3009) on this chain, x402 v2. <c>signers</c> lists the account that sends every
/// transaction (and pays its gas). <c>extra.receiverAuthorizer</c> — the offer to sign claims and refunds for resource
/// servers that delegate that role — is advertised only when this facilitator will actually sign, i.e. for authenticated
/// callers (the reference's rule: a facilitator that cannot authenticate refund requests must not advertise one).
/// </summary>
internal sealed class SupportedKinds(FacilitatorRequestReader reader, ReceiverAuthorizerSignatures signatures, FacilitatorAccess access)
{
    private const string Eip155Family = "eip155:*";

    public SupportedResponse Response { get; } = Build(reader.Network, signatures.Address.ToString(), access.SignsForCallers);

    private static SupportedResponse Build(string network, string account, bool signsForCallers) => new()
    {
        Kinds =
        [
            new SupportedKind
            {
                X402Version = 2,
                Scheme = BatchSettlementScheme.Name,
                Network = network,
                Extra = signsForCallers ? ReceiverAuthorizerExtra(account) : null,
            },
            new SupportedKind { X402Version = 2, Scheme = ExactScheme.Name, Network = network },
        ],
        Extensions = [],
        Signers = new Dictionary<string, IReadOnlyList<string>> { [Eip155Family] = [account] },
    };

    private static JsonElement ReceiverAuthorizerExtra(string account)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("receiverAuthorizer", account);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
