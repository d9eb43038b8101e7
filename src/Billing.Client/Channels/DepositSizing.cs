namespace Billing.Client.Channels;

/// <summary>
/// How much to deposit when a channel cannot cover the next voucher, following the reference client: at least what the
/// voucher needs beyond the balance, and at least the payee's <c>minDeposit</c> (when it is a sensible amount, i.e. no
/// less than the price) or <c>multiplier</c> × price otherwise; never more than the owner's cap. A payee refuses deposits
/// below its <c>minDeposit</c>, so a cap below it means no deposit at all.
/// </summary>
internal static class DepositSizing
{
    /// <summary>The deposit to send, or <c>null</c> when even the amount this request needs exceeds <paramref name="cap"/>.</summary>
    /// <param name="charged">What the payee has charged on the channel so far.</param>
    /// <param name="price">The price of this request.</param>
    /// <param name="balance">The channel's escrow as last confirmed.</param>
    /// <param name="minDeposit">The payee's suggested smallest deposit, if it named one.</param>
    /// <param name="multiplier">Requests' worth to deposit when there is no usable <paramref name="minDeposit"/>.</param>
    /// <param name="cap">The most one deposit may be, or <c>null</c> for no cap.</param>
    public static UInt128? Size(UInt128 charged, UInt128 price, UInt128 balance, UInt128? minDeposit, int multiplier, UInt128? cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplier, 1);
        if (UInt128.MaxValue - charged < price)
        {
            return null;
        }

        var voucher = charged + price;
        var needed = voucher > balance ? voucher - balance : UInt128.Zero;
        var required = minDeposit is { } min && min >= price ? min : UInt128.Zero;
        var target = required > UInt128.Zero ? required : Times(price, multiplier);
        var amount = UInt128.Max(UInt128.Max(needed, target), UInt128.One);
        if (cap is { } limit)
        {
            if (needed > limit || required > limit || limit == UInt128.Zero)
            {
                return null;
            }

            amount = UInt128.Min(amount, limit);
        }

        return amount;
    }

    /// <summary>The default cap: <paramref name="multiplier"/> requests at the per-request cap.</summary>
    public static UInt128? DefaultCap(UInt128? perRequest, int multiplier) =>
        perRequest is { } cap ? Times(cap, multiplier) : null;

    /// <summary>Saturates instead of overflowing: a cap or target beyond uint128 means "no practical limit".</summary>
    private static UInt128 Times(UInt128 amount, int multiplier) =>
        amount > UInt128.MaxValue / (UInt128)multiplier ? UInt128.MaxValue : amount * (UInt128)multiplier;
}
