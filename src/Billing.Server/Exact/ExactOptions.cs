namespace Billing.Server.Exact;

/// <summary>How <c>exact</c> payments are settled. Bound from configuration section "Exact".</summary>
public sealed class ExactOptions
{
    public const string Section = "Exact";

    /// <summary>
    /// How long a paid request waits for its transfer's receipt (with Chain:Confirmations) before it answers
    /// <c>settlement_pending</c> and leaves the transfer to the reconciler.
    /// </summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reconciler looks for pending transfers older than <see cref="ReceiptTimeout"/>.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);
}
