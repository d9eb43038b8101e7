using Billing.Evm.Rpc;
using Billing.X402;

namespace Billing.Server.Facilitator;

/// <summary>
/// What became of a submission: the transaction (empty when nothing was sent), its receipt once confirmed, and the
/// refusal when it did not succeed.
/// </summary>
internal sealed record Submitted(string Transaction, TransactionReceipt? Receipt, X402Error? Error)
{
    public bool Succeeded => Error is null;

    public static Submitted Refused(X402Error error) => new("", null, error);
}
