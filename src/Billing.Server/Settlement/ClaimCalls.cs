using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Server.Facilitator;
using Microsoft.Extensions.Options;

namespace Billing.Server.Settlement;

/// <summary>
/// Encodes a batch as the call settlement sends: claimWithSignature, signed by our receiver authorizer so any key may
/// submit it, or plain claim, whose sender must be each row's receiver or receiver authorizer.
/// </summary>
internal sealed class ClaimCalls(ReceiverAuthorizerSignatures signatures, SettlementAccount account, IOptions<SettlementOptions> options)
{
    /// <summary>Why this server cannot claim the row with the configured call; null when it can.</summary>
    public string? RefusalFor(ClaimRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (options.Value.UseClaimWithSignature)
        {
            return row.ReceiverAuthorizer == signatures.Address
                ? null
                : "the channel names a receiver authorizer whose key this server does not hold";
        }

        var sender = account.Sender.Account;
        return row.ReceiverAuthorizer == sender || row.Receiver == sender
            ? null
            : "claim must be sent by the receiver or its authorizer, and the transaction sender key is neither";
    }

    public byte[] Encode(IReadOnlyList<ClaimRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var claims = rows.Select(r => r.ToVoucherClaim()).ToList();
        return options.Value.UseClaimWithSignature
            ? BatchSettlementContract.EncodeClaimWithSignature(claims, signatures.SignClaimBatch(claims))
            : BatchSettlementContract.EncodeClaim(claims);
    }
}
