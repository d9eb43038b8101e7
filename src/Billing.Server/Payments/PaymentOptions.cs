namespace Billing.Server.Payments;

/// <summary>What this provider asks to be paid in and to whom. Bound from configuration section "Payment".</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payment";

    /// <summary>The receiver of every channel (x402 payTo).</summary>
    public string PayTo { get; set; } = "";

    /// <summary>The token contract (x402 asset).</summary>
    public string Asset { get; set; } = "";

    /// <summary>The token's EIP-712 domain name and version, which payers need to sign ERC-3009 deposits.</summary>
    public string AssetName { get; set; } = "USD Coin";

    public string AssetVersion { get; set; } = "2";

    /// <summary>Seconds a payer must wait between initiating and finalizing a withdrawal; offered in every 402.</summary>
    public ulong WithdrawDelay { get; set; } = 900;

    public int MaxTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Require the payment-identifier extension on every payment (400 without it). Either way, a payment that carries an
    /// identifier gets the stored answer on retry and 409 when the identifier comes back with a different payment.
    /// </summary>
    public bool RequirePaymentIdentifier { get; set; }

    /// <summary>
    /// Largest answer body kept for a payment that carried a payment identifier; a retry of a payment whose answer was
    /// larger (or a metered stream's) is refused with 409 <c>payment_already_redeemed</c> instead of being run again.
    /// </summary>
    public int StoredAnswerMaxBytes { get; set; } = 64 * 1024;

    /// <summary>How long a kept answer is replayed; afterwards a retry of that payment is refused, never run again.</summary>
    public TimeSpan StoredAnswerRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Prices for paths the provider's code does not annotate with RequirePayment.</summary>
    public IList<PaidRoute> Routes { get; } = [];

    /// <summary>Smallest first deposit suggested to payers, as a multiple of the route's price.</summary>
    public int MinDepositMultiplier { get; set; } = 10;
}
