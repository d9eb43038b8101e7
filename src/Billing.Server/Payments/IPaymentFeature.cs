namespace Billing.Server.Payments;

/// <summary>
/// Lets a paid handler see what was reserved and charge less than the ceiling (a dynamic price), as the reference's
/// settlement override does. Absent on unpaid requests.
/// </summary>
public interface IPaymentFeature
{
    string ChannelId { get; }

    UInt128 Ceiling { get; }

    /// <summary>What will be committed when the handler succeeds; starts at <see cref="Ceiling"/>.</summary>
    UInt128 Charge { get; }

    /// <summary>Lowers the charge. Throws if <paramref name="amount"/> is above the ceiling: a voucher never covers more.</summary>
    void SetCharge(UInt128 amount);
}
