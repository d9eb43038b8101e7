namespace Billing.Abstractions.Channels;

/// <summary>
/// The channel, held for a refund: nothing can be authorized until the refund completes. Carries what the refund
/// transaction needs: the charged total (to claim first) and the confirmed escrow.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.refund-preparation")]
public sealed record RefundPreparation(
    [property: Id(0)] PaymentRejection Rejection,
    [property: Id(1)] ChannelView? Channel)
{
    public bool Succeeded => Rejection == PaymentRejection.None;
}
