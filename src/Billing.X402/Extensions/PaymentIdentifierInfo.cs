namespace Billing.X402.Extensions;

/// <summary>
/// <c>info</c> of the <c>payment-identifier</c> extension: the server says whether an id is <see cref="Required"/>,
/// the client echoes it with its <see cref="Id"/> (16–128 characters of <c>[A-Za-z0-9_-]</c>).
/// </summary>
public sealed record PaymentIdentifierInfo
{
    public required bool Required { get; init; }

    public string? Id { get; init; }
}
