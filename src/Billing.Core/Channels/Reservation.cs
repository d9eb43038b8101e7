namespace Billing.Core.Channels;

/// <summary>
/// Funds held for one request between authorization and commit (the pending phase of a two-phase transfer). The voucher that
/// authorized it is kept so that committing can raise the channel's highest signed voucher.
/// </summary>
public sealed class Reservation
{
    public required string RequestId { get; init; }

    public required UInt128 Ceiling { get; init; }

    public required UInt128 SignedMaxClaimable { get; init; }

    public required byte[] Signature { get; init; }

    /// <summary>Moved forward while the request's caller renews the reservation (a lease), so a live request never lapses.</summary>
    public required DateTimeOffset ExpiresAt { get; set; }
}
