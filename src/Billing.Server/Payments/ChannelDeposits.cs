using System.Globalization;
using System.Numerics;
using Billing.Evm;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.Evm.Rpc;
using Billing.Grains.Chain;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Microsoft.Extensions.Options;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.Server.Payments;

/// <summary>
/// Executes a payer's ERC-3009 deposit, acting as our own facilitator: checks the authorization the payer signed for the
/// ERC-3009 collector, simulates, sends deposit() through the collector and waits for the configured confirmations. The
/// payer's tokens only ever move into the payer's own channel; we pay the gas.
/// </summary>
public sealed partial class ChannelDeposits(
    BatchSettlementContract contract,
    TransactionSender sender,
    ISecp256k1 curve,
    TimeProvider time,
    IOptions<ChainOptions> chain,
    IOptions<PaymentOptions> payment,
    ILogger<ChannelDeposits> logger)
{
    /// <summary>The ERC-3009 validity window must still have this long to run when we send, as the reference requires.</summary>
    private static readonly TimeSpan MinimumValidity = TimeSpan.FromSeconds(6);

    private static readonly AbiType[] CollectorDataTypes = [AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.Bytes];

    public async Task<DepositOutcome> ExecuteAsync(DepositPayload payload, Hash32 channelId, EvmChannelConfig config, CancellationToken cancellationToken)
    {
        if (payload.Deposit.Authorization.Erc3009Authorization is not { } authorization)
        {
            return DepositOutcome.Refused(X402ErrorReasons.BatchErc3009AuthorizationRequired, "this server accepts ERC-3009 deposits only");
        }

        // Formats were validated with the payload; these parses cannot fail.
        DecimalString.TryParseUInt128(payload.Deposit.Amount, out var amount);
        DecimalString.TryParseUInt256(authorization.ValidAfter, out var validAfter);
        DecimalString.TryParseUInt256(authorization.ValidBefore, out var validBefore);
        var salt = new BigInteger(Hex.Decode(authorization.Salt), isUnsigned: true, isBigEndian: true);
        var signature = Hex.Decode(authorization.Signature);

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (validBefore < now + (long)MinimumValidity.TotalSeconds)
        {
            return DepositOutcome.Refused(X402ErrorReasons.BatchPayloadAuthorizationValidBefore, "the deposit authorization expires too soon");
        }

        if (validAfter > now)
        {
            return DepositOutcome.Refused(X402ErrorReasons.BatchPayloadAuthorizationValidAfter, "the deposit authorization is not valid yet");
        }

        var collector = Address.Parse(chain.Value.Erc3009DepositCollector);
        var receive = new Erc3009Authorization(config.Payer, collector, amount, validAfter, validBefore, Erc3009.DepositNonce(channelId, salt));
        var tokenDomain = new Eip712Domain(payment.Value.AssetName, payment.Value.AssetVersion, chain.Value.ChainId, config.Token);
        if (!curve.TryRecover(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, receive).AsSpan(), signature, out var signer) || signer != config.Payer)
        {
            return DepositOutcome.Refused(X402ErrorReasons.BatchReceiveAuthorizationSignature, "the deposit authorization is not signed by the payer");
        }

        var collectorData = AbiEncoder.Encode(CollectorDataTypes, [validAfter, validBefore, salt, signature]);
        var call = BatchSettlementContract.EncodeDeposit(config, amount, collector, collectorData);
        try
        {
            await contract.SimulateAsync(call, sender.Account, cancellationToken);
        }
        catch (EvmRevertException ex)
        {
            // A used nonce (a replayed authorization), too small a balance, an expired window: the chain says no.
            return DepositOutcome.Refused(X402ErrorReasons.BatchDepositSimulationFailed, $"the deposit would revert: {ex.Reason.Message}");
        }

        var sent = await sender.SendAsync(new TransactionRequest(contract.Address, call), cancellationToken);
        LogDepositSent(logger, channelId.ToString(), amount.ToString(CultureInfo.InvariantCulture), sent.Hash.ToString());
        try
        {
            var receipt = await sender.WaitForReceiptAsync(sent.Hash, chain.Value.Confirmations, TimeSpan.FromSeconds(60), cancellationToken);
            return receipt.Succeeded
                ? new DepositOutcome(sent.Hash.ToString(), amount, null, null)
                : DepositOutcome.Refused(X402ErrorReasons.BatchDepositTransactionFailed, $"deposit transaction {sent.Hash} reverted");
        }
        catch (TimeoutException)
        {
            return DepositOutcome.Refused(X402ErrorReasons.SettlementPending, $"deposit transaction {sent.Hash} is not confirmed yet");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deposit into channel {ChannelId} of {Amount} units sent: {Transaction}")]
    private static partial void LogDepositSent(ILogger logger, string channelId, string amount, string transaction);
}
