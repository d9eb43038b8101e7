namespace Billing.Server.Payments;

internal sealed class PaymentFeature(string channelId, UInt128 ceiling) : IPaymentFeature
{
    public string ChannelId { get; } = channelId;

    public UInt128 Ceiling { get; } = ceiling;

    public UInt128 Charge { get; private set; } = ceiling;

    public void SetCharge(UInt128 amount)
    {
        if (amount > Ceiling)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A charge cannot exceed the reserved ceiling.");
        }

        Charge = amount;
    }
}
