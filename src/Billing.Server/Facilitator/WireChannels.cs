using Billing.Evm;
using Billing.X402.Formats;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using EvmVoucherClaim = Billing.Evm.BatchSettlement.VoucherClaim;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;
using WireVoucherClaim = Billing.X402.BatchSettlement.VoucherClaim;

namespace Billing.Server.Facilitator;

/// <summary>
/// Wire channel terms (strings, as the payload validator accepted them) into contract values. A parse can still fail on
/// a mixed-case address whose EIP-55 checksum is wrong: the contract would never see the address the payer meant.
/// </summary>
internal static class WireChannels
{
    public static bool TryToContract(WireChannelConfig wire, out EvmChannelConfig config)
    {
        config = null!;
        if (!Address.TryParse(wire.Payer, out var payer)
            || !Address.TryParse(wire.PayerAuthorizer, out var payerAuthorizer)
            || !Address.TryParse(wire.Receiver, out var receiver)
            || !Address.TryParse(wire.ReceiverAuthorizer, out var receiverAuthorizer)
            || !Address.TryParse(wire.Token, out var token)
            || !Hash32.TryParse(wire.Salt, out var salt)
            || wire.WithdrawDelay < 0)
        {
            return false;
        }

        config = new EvmChannelConfig(payer, payerAuthorizer, receiver, receiverAuthorizer, token, (ulong)wire.WithdrawDelay, salt);
        return true;
    }

    public static bool TryToContract(IReadOnlyList<WireVoucherClaim> wire, out List<EvmVoucherClaim> claims)
    {
        claims = new List<EvmVoucherClaim>(wire.Count);
        foreach (var row in wire)
        {
            if (!TryToContract(row.Voucher.Channel, out var config)
                || !DecimalString.TryParseUInt128(row.Voucher.MaxClaimableAmount, out var ceiling)
                || !DecimalString.TryParseUInt128(row.TotalClaimed, out var total)
                || !Hex.TryDecode(row.Signature, out var signature))
            {
                return false;
            }

            claims.Add(new EvmVoucherClaim(config, ceiling, signature, total));
        }

        return true;
    }
}
