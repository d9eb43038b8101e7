using System.Reflection;

namespace Billing.X402.Tests.Errors;

public sealed class X402ErrorReasonsTests
{
    internal static IReadOnlyList<string> AllReasons() =>
        typeof(X402ErrorReasons)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    [Fact]
    public void Reasons_are_unique_snake_case_strings()
    {
        var reasons = AllReasons();

        Assert.True(reasons.Count > 90);
        Assert.Equal(reasons.Count, reasons.Distinct(StringComparer.Ordinal).Count());
        Assert.All(reasons, r => Assert.Matches("^[a-z0-9]+(_[a-z0-9]+)*$", r));
    }

    [Fact]
    public void Batch_settlement_reasons_carry_the_scheme_prefix_and_the_reference_spelling()
    {
        var batch = typeof(X402ErrorReasons)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name.StartsWith("Batch", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(51, batch.Count);
        Assert.All(batch, r => Assert.StartsWith("invalid_batch_settlement_evm_", r, StringComparison.Ordinal));
        Assert.Equal("invalid_batch_settlement_evm_cumulative_amount_mismatch", X402ErrorReasons.BatchCumulativeAmountMismatch);
        Assert.Equal("invalid_batch_settlement_evm_channel_busy", X402ErrorReasons.BatchChannelBusy);
        Assert.Equal("settlement_pending", X402ErrorReasons.SettlementPending);
        Assert.Equal("invalid_exact_evm_payload_authorization_value_mismatch", X402ErrorReasons.ExactEvmPayloadAuthorizationValueMismatch);
    }
}
