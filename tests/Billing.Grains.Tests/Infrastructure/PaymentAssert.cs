using Billing.Abstractions.Channels;
using Xunit.Sdk;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>Assertions over the channel grain's answers.</summary>
public static class PaymentAssert
{
    /// <summary>Awaits an operation that must succeed and returns its decision.</summary>
    public static async Task<PaymentDecision> Succeeds(ValueTask<PaymentDecision> operation)
    {
        var decision = await operation;
        Assert.Equal(PaymentRejection.None, decision.Rejection);
        return decision;
    }

    /// <summary>The channel view every decision on a channel with known terms carries.</summary>
    public static ChannelView ViewOf(PaymentDecision decision) =>
        decision.Channel ?? throw new XunitException($"The decision ({decision.Rejection}) carries no channel view.");

    /// <summary>Field by field, the signature by content (records compare arrays by reference).</summary>
    public static void SameView(ChannelView expected, ChannelView? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Signature = null }, actual with { Signature = null });
        Assert.Equal(expected.Signature, actual.Signature);
    }
}
