using System.Collections.Concurrent;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Extensions;
using Billing.X402.Http;
using Billing.X402.Matching;
using Billing.X402.Tests.Errors;
using Billing.X402.Wire;
using CsCheck;

namespace Billing.X402.Tests.Http;

/// <summary>
/// Feeds random and mutated headers through every decoder and everything downstream of it (payload readers,
/// validators, offer matching, extension reading, re-encoding). Whatever comes in, the only outcomes allowed are a
/// value or an error carrying a known x402 reason: no exception of any type, no hang.
/// </summary>
public sealed class PaymentHeaderCodecPropertyTests
{
    private const int Iterations = 100_000;

    private static readonly HashSet<string> KnownReasons = [.. X402ErrorReasonsTests.AllReasons()];
    private static readonly PaymentHeaderCodec Codec = PaymentHeaderCodec.Default;
    private static readonly PaymentRequirements[] Offers =
        Codec.DecodePaymentRequired(Samples.Base64(Samples.PaymentRequiredJson)).Value.Accepts.ToArray();

    [Fact]
    public void Decoders_return_a_value_or_a_known_reason_for_any_header()
    {
        var outcomes = new ConcurrentDictionary<(int Kind, bool Success), int>();
        var gen = Gen.Select(
            Gen.Int[0, HeaderMutation.KindCount - 1],
            Gen.Int[0, HeaderMutation.MessageCount - 1],
            Gen.Int[0, 4_000],
            Gen.Int[0, 1_000],
            Gen.Byte.Array[0, 600]);

        gen.Sample(
            (kind, message, position, value, noise) =>
            {
                var header = HeaderMutation.Build(kind, message, position, value, noise);

                // Each header meets the decoder its message was written for; one in five (and all noise) meets all four.
                // Feeding every header to every decoder would spend most of the time on expected type mismatches.
                var decoders = kind is 8 or 9 || value % 5 == 0 ? Decoders.All : HeaderMutation.DecoderFor(message);
                var anySuccess = DecodeEverything(header, decoders);
                outcomes.AddOrUpdate((kind, anySuccess), 1, (_, n) => n + 1);
            },
            iter: Iterations);

        // The mutations must really exercise both paths: unmutated headers always decode, mutated ones mostly fail,
        // and some mutations (a flipped bit inside a signature, an amount swap) still decode and reach validation.
        Assert.False(outcomes.ContainsKey((0, false)));
        Assert.True(outcomes.GetValueOrDefault((0, true)) > 1_000);
        Assert.True(outcomes.Where(o => !o.Key.Success).Sum(o => o.Value) > Iterations / 2);
        Assert.True(outcomes.Where(o => o.Key.Kind != 0 && o.Key.Success).Sum(o => o.Value) > 1_000);
    }

    /// <returns>Whether at least one decoder accepted the header.</returns>
    private static bool DecodeEverything(string header, Decoders decoders)
    {
        var signature = decoders.HasFlag(Decoders.PaymentSignature) ? Codec.DecodePaymentSignature(header) : default;
        var xPayment = decoders.HasFlag(Decoders.XPayment) ? Codec.DecodeXPayment(header) : default;
        var required = decoders.HasFlag(Decoders.PaymentRequired) ? Codec.DecodePaymentRequired(header) : default;
        var response = decoders.HasFlag(Decoders.PaymentResponse) ? Codec.DecodePaymentResponse(header) : default;
        AssertOutcome(signature);
        AssertOutcome(xPayment);
        AssertOutcome(required);
        AssertOutcome(response);

        if (signature.TryGetValue(out var payment, out _))
        {
            FollowPaymentDownstream(payment);
            Assert.True(Codec.DecodePaymentSignature(Codec.EncodePaymentSignature(payment)).IsSuccess);
        }

        if (xPayment.TryGetValue(out var v1, out _))
        {
            _ = OfferMatcher.FindMatch([], v1);
            Assert.True(Codec.DecodeXPayment(Codec.EncodeXPayment(v1)).IsSuccess);
        }

        if (required.TryGetValue(out var challenge, out _))
        {
            foreach (var offer in challenge.Accepts)
            {
                var extra = BatchSettlementExtra.ReadRequirementsExtra(offer);
                AssertOutcome(extra);
                if (extra.TryGetValue(out var typed, out _))
                {
                    AssertOutcome(BatchSettlementExtraValidator.Validate(typed));
                }

                _ = OfferMatcher.FindMatch(Offers, offer);
            }

            Assert.True(Codec.DecodePaymentRequired(Codec.EncodePaymentRequired(challenge)).IsSuccess);
        }

        if (response.TryGetValue(out var receipt, out _))
        {
            var extra = BatchSettlementExtra.ReadResponseExtra(receipt);
            AssertOutcome(extra);
            if (extra.TryGetValue(out var typed, out _))
            {
                AssertOutcome(BatchSettlementExtraValidator.Validate(typed));
            }

            Assert.True(Codec.DecodePaymentResponse(Codec.EncodePaymentResponse(receipt)).IsSuccess);
        }

        return signature.IsSuccess || xPayment.IsSuccess || required.IsSuccess || response.IsSuccess;
    }

    private static void FollowPaymentDownstream(PaymentPayload payment)
    {
        var offer = OfferMatcher.FindMatch(Offers, payment.Accepted);
        AssertOutcome(PaymentIdentifier.ReadId(payment.Extensions, required: false));

        var batch = BatchSettlementPayloadReader.ReadClientPayload(payment.Payload);
        AssertOutcome(batch);
        AssertOutcome(BatchSettlementPayloadReader.ReadSettlePayload(payment.Payload));
        if (batch.TryGetValue(out var typed, out _))
        {
            AssertOutcome(BatchSettlementPayloadValidator.Validate(typed));
            if (offer is not null && BatchSettlementExtra.ReadRequirementsExtra(offer).TryGetValue(out var extra, out _))
            {
                AssertOutcome(BatchSettlementBindingValidator.Validate(typed, offer, extra));
            }

            _ = BatchSettlementPayloadReader.ToJsonElement(typed);
        }

        var exact = ExactPayloadReader.Read(payment.Payload);
        AssertOutcome(exact);
        if (exact.TryGetValue(out var exactPayload, out _))
        {
            AssertOutcome(ExactPayloadValidator.Validate(exactPayload));
        }
    }

    private static void AssertOutcome<T>(X402Result<T> result)
    {
        if (!result.IsSuccess)
        {
            AssertKnown(result.Error!);
        }
    }

    private static void AssertOutcome(ValidationResult result)
    {
        if (!result.IsValid)
        {
            AssertKnown(result.Error);
        }
    }

    private static void AssertKnown(X402Error error)
    {
        Assert.Contains(error.Reason, KnownReasons);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
