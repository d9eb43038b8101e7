using System.Globalization;
using System.Text.Json;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Judges one answer: a 4xx in {400, 402, 409, 429} with an x402 reason in its body (and, for 402, in PAYMENT-REQUIRED);
/// a 200 only for a payment the oracle verifies, with a receipt for exactly one price; never a 5xx, never a secret.
/// </summary>
internal sealed class FuzzJudge(FuzzBasis basis, VoucherOracle oracle, FuzzTally tally, string secret)
{
    private readonly string _channelId = basis.Vouchers.Id.ToString();

    public async Task JudgeAsync(FuzzCase fuzzCase, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        tally.Answer(fuzzCase, status);
        var body = await response.Content.ReadAsStringAsync();
        tally.Reason(fuzzCase, status, Reason(body));
        var problem = Secretless(response, body) ?? status switch
        {
            200 => Charged(fuzzCase, response),
            400 => Malformed(fuzzCase, body),
            402 => Refused(fuzzCase, response, body),
            409 => Reason(body) is { } reason && KnownReasons.All.Contains(reason) ? null : $"409 without a known reason: {Shorten(body)}",
            429 => RateLimited(response, body),
            _ => $"answered {status}: {Shorten(body)}",
        };
        if (status != 200 && body.Contains("\"fortune\"", StringComparison.Ordinal))
        {
            problem ??= "a refused payment reached the handler";
        }

        if (problem is not null)
        {
            tally.Violation(fuzzCase, problem);
        }
    }

    /// <summary>
    /// A 200 is counted as a charge by its receipt whatever the verdict, so the books still balance when a charge was
    /// wrong; then the case must have been allowed to pay, and the oracle must find a voucher the contract will honour.
    /// </summary>
    private string? Charged(FuzzCase fuzzCase, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values)
            || !PaymentHeaderCodec.Default.DecodePaymentResponse(values.Single()).TryGetValue(out var receipt, out _)
            || !receipt.Success
            || !BatchSettlementExtra.ReadResponseExtra(receipt).TryGetValue(out var extra, out _)
            || extra.ChannelState is not { } state
            || !UInt128.TryParse(state.ChargedCumulativeAmount, CultureInfo.InvariantCulture, out var cumulative))
        {
            return "200 without a readable successful PAYMENT-RESPONSE";
        }

        if (extra.ChargedAmount != basis.Offer.Amount || state.ChannelId != _channelId)
        {
            return $"receipt charged {extra.ChargedAmount} on {state.ChannelId}, not one price on the funded channel";
        }

        tally.Charged(cumulative, fuzzCase);
        basis.Ladder.Observe(cumulative);
        if (fuzzCase.Expectation == Expectation.Refused)
        {
            return "charged a payment that must be refused";
        }

        return oracle.Verify(fuzzCase.Header, out var why) is null ? $"charged a payment the contract would not honour: {why}" : null;
    }

    private static string? Malformed(FuzzCase fuzzCase, string body)
    {
        if (fuzzCase.Expectation == Expectation.Payable)
        {
            return $"refused a valid payment as malformed: {Shorten(body)}";
        }

        return Reason(body) is { } reason && KnownReasons.All.Contains(reason) && Message(body) is { Length: > 0 }
            ? null
            : $"400 without a known reason and message: {Shorten(body)}";
    }

    private string? Refused(FuzzCase fuzzCase, HttpResponseMessage response, string body)
    {
        if (!response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values)
            || !PaymentHeaderCodec.Default.DecodePaymentRequired(values.Single()).TryGetValue(out var required, out _))
        {
            return "402 without a readable PAYMENT-REQUIRED";
        }

        if (required.Error is not { } reason || !KnownReasons.All.Contains(reason) || Reason(body) != reason)
        {
            return $"402 reason '{required.Error}' is unknown or differs from the body's: {Shorten(body)}";
        }

        // A corrective 402 tells where the channel stands; following it keeps the ladder's next voucher the right one.
        if (required.Accepts.Count == 1
            && BatchSettlementExtra.ReadRequirementsExtra(required.Accepts[0]).TryGetValue(out var extra, out _)
            && extra.ChannelState is { } state && state.ChannelId == _channelId
            && UInt128.TryParse(state.ChargedCumulativeAmount, CultureInfo.InvariantCulture, out var charged))
        {
            basis.Ladder.Observe(charged);
        }

        return fuzzCase.Expectation == Expectation.Payable && !KnownReasons.ChannelState.Contains(reason)
            ? $"refused a valid payment with {reason}: {Shorten(body)}"
            : null;
    }

    private static string? RateLimited(HttpResponseMessage response, string body) =>
        Reason(body) == KnownReasons.RateLimited && response.Headers.RetryAfter?.Delta > TimeSpan.Zero
            ? null
            : $"429 without rate_limited and a Retry-After: {Shorten(body)}";

    private string? Secretless(HttpResponseMessage response, string body)
    {
        var headers = string.Join("\n", response.Headers.SelectMany(h => h.Value));
        return body.Contains(secret, StringComparison.OrdinalIgnoreCase) || headers.Contains(secret, StringComparison.OrdinalIgnoreCase)
            ? "the answer contains the receiver authorizer's private key"
            : null;
    }

    private static string? Reason(string body) => Property(body, "error");

    private static string? Message(string body) => Property(body, "message");

    private static string? Property(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
