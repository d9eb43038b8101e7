namespace Billing.Persistence.Payments;

/// <summary>
/// One row of <see cref="PaidAnswerStore"/>: what a payment carrying a payment identifier bought on a channel, and the
/// fingerprint of the payment header it was given to.
/// </summary>
public sealed record StoredAnswer(
    string ChannelId,
    string PaymentId,
    byte[] Fingerprint,
    int Status,
    string? ContentType,
    string? PaymentResponse,
    byte[] Body,
    DateTimeOffset StoredAt);
