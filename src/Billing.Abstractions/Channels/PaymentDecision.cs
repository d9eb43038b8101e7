namespace Billing.Abstractions.Channels;

/// <summary>The channel grain's answer to authorize, commit or void.</summary>
/// <param name="Rejection">None on success.</param>
/// <param name="Charged">For a commit: what this request was charged.</param>
/// <param name="Channel">The channel after the operation (also on rejection, for corrective 402s).</param>
[GenerateSerializer, Immutable, Alias("billing.payment-decision")]
public sealed record PaymentDecision(
    [property: Id(0)] PaymentRejection Rejection,
    [property: Id(1)] UInt128 Charged,
    [property: Id(2)] ChannelView? Channel)
{
    public bool Succeeded => Rejection == PaymentRejection.None;
}
