using System.Globalization;
using System.Numerics;
using Billing.Core.Channels;
using Billing.Evm;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.Evm.Rpc;
using Billing.Evm.Transactions;
using Billing.Grains.Chain;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Microsoft.Extensions.Options;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.Server.Payments;

/// <summary>
/// Verifies and executes a payer's ERC-3009 deposit: the one path both the payment middleware (we are our own
/// facilitator) and the facilitator endpoints use. Verification follows the reference facilitator's order: the
/// authorization's time window and signature, the voucher's signature, the channel's confirmed state and the payer's
/// token balance, then a simulation. Execution sends deposit() through the ERC-3009 collector and waits for the configured
/// confirmations. The payer's tokens only ever move into the payer's own channel; we pay the gas.
/// </summary>
public sealed partial class ChannelDeposits(
    BatchSettlementContract contract,
    TransactionSender sender,
    ISecp256k1 curve,
    VoucherSignatureCheck vouchers,
    IChannelChainReader channels,
    EthRpcClient rpc,
    TimeProvider time,
    IOptions<ChainOptions> chain,
    IOptions<PaymentOptions> payment,
    ILogger<ChannelDeposits> logger)
{
    /// <summary>The ERC-3009 validity window must still have this long to run when we send, as the reference requires.</summary>
    private static readonly TimeSpan MinimumValidity = TimeSpan.FromSeconds(6);

    private static readonly AbiType[] CollectorDataTypes = [AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.Bytes];

    /// <summary>A deposit into one of this server's own offers: the token domain is the one it announces.</summary>
    public Task<DepositOutcome> ExecuteAsync(DepositPayload payload, Hash32 channelId, EvmChannelConfig config, CancellationToken cancellationToken) =>
        ExecuteAsync(payload, channelId, config, new DepositToken(payment.Value.AssetName, payment.Value.AssetVersion), cancellationToken);

    public async Task<DepositOutcome> ExecuteAsync(
        DepositPayload payload, Hash32 channelId, EvmChannelConfig config, DepositToken token, CancellationToken cancellationToken)
    {
        var verified = await VerifyAsync(payload, channelId, config, token, cancellationToken);
        if (!verified.IsValid)
        {
            return DepositOutcome.Refused(verified.Reason!, verified.Message!);
        }

        SignedTransaction sent;
        try
        {
            sent = await sender.SendAsync(new TransactionRequest(contract.Address, verified.Call), cancellationToken);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return DepositOutcome.Refused(X402ErrorReasons.BatchDepositTransactionFailed, "the deposit transaction could not be sent");
        }

        var amount = verified.Amount.ToString(CultureInfo.InvariantCulture);
        LogDepositSent(logger, channelId.ToString(), amount, sent.Hash.ToString());
        try
        {
            var receipt = await sender.WaitForReceiptAsync(sent.Hash, chain.Value.Confirmations, TimeSpan.FromSeconds(60), cancellationToken);
            return receipt.Succeeded
                ? new DepositOutcome(sent.Hash.ToString(), verified.Amount, null, null)
                : DepositOutcome.Refused(X402ErrorReasons.BatchDepositTransactionFailed, $"deposit transaction {sent.Hash} reverted", sent.Hash.ToString());
        }
        catch (Exception ex) when (ex is TimeoutException or TransactionDroppedException || ChainReadFailures.IsUnavailable(ex))
        {
            return DepositOutcome.Refused(X402ErrorReasons.SettlementPending, $"deposit transaction {sent.Hash} is not confirmed yet", sent.Hash.ToString());
        }
    }

    /// <summary>
    /// The checks of a deposit into one of this server's own offers that need no chain: at least the offer's
    /// <paramref name="minDeposit"/>, an ERC-3009 authorization within its time window and signed by the payer. Null when
    /// they pass. Run before anything else is spent on the deposit.
    /// </summary>
    public DepositVerification? CheckOffChain(DepositPayload payload, Hash32 channelId, EvmChannelConfig config, UInt128 minDeposit)
    {
        ArgumentNullException.ThrowIfNull(payload);
        DecimalString.TryParseUInt128(payload.Deposit.Amount, out var amount);
        if (amount < minDeposit)
        {
            // Each deposit costs us a transaction: one below the minimum we offer would let a payer make us pay gas for
            // nothing it needs.
            return DepositVerification.Refused(
                X402ErrorReasons.BatchDepositBelowMinDeposit, $"a deposit must be at least {minDeposit.ToString(CultureInfo.InvariantCulture)}");
        }

        return CheckAuthorization(payload, channelId, config, new DepositToken(payment.Value.AssetName, payment.Value.AssetVersion));
    }

    /// <summary>Every check of a deposit, without sending anything. <paramref name="config"/> must hash to <paramref name="channelId"/>.</summary>
    public async Task<DepositVerification> VerifyAsync(
        DepositPayload payload, Hash32 channelId, EvmChannelConfig config, DepositToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(token);
        if (CheckAuthorization(payload, channelId, config, token) is { } refused)
        {
            return refused;
        }

        // Formats were validated with the payload, and the authorization was checked above; these cannot fail.
        var authorization = payload.Deposit.Authorization.Erc3009Authorization!;
        DecimalString.TryParseUInt128(payload.Deposit.Amount, out var amount);
        DecimalString.TryParseUInt128(payload.Voucher.MaxClaimableAmount, out var maxClaimable);
        DecimalString.TryParseUInt256(authorization.ValidAfter, out var validAfter);
        DecimalString.TryParseUInt256(authorization.ValidBefore, out var validBefore);
        var salt = new BigInteger(Hex.Decode(authorization.Salt), isUnsigned: true, isBigEndian: true);
        var signature = Hex.Decode(authorization.Signature);
        var collector = Address.Parse(chain.Value.Erc3009DepositCollector);

        bool voucherSigned;
        try
        {
            voucherSigned = await vouchers.IsSignedAsync(config, channelId, maxClaimable, Hex.Decode(payload.Voucher.Signature), cancellationToken);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchRpcReadFailed, "the payer's wallet could not be asked about the voucher");
        }

        if (!voucherSigned)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchVoucherSignature, "the voucher is not signed by the channel's payer");
        }

        if (await ReadStateAsync(channelId, config, cancellationToken) is not { } state)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchRpcReadFailed, "the channel or the payer's balance could not be read");
        }

        var (channel, payerBalance) = state;

        if (payerBalance < amount)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchInsufficientBalance, "the payer holds less than the deposit");
        }

        // Compared in BigInteger: a hostile balance plus deposit may not fit a uint128.
        if ((BigInteger)maxClaimable > (BigInteger)channel.Balance + amount)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchCumulativeExceedsBalance, "the voucher exceeds the channel's balance after this deposit");
        }

        if (maxClaimable <= channel.TotalClaimed)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchCumulativeBelowClaimed, "the voucher does not exceed what was already claimed");
        }

        var collectorData = AbiEncoder.Encode(CollectorDataTypes, [validAfter, validBefore, salt, signature]);
        var call = BatchSettlementContract.EncodeDeposit(config, amount, collector, collectorData);
        try
        {
            await contract.SimulateAsync(call, sender.Account, cancellationToken);
        }
        catch (EvmRevertException ex)
        {
            // A used nonce (a replayed authorization), an expired window, a token that is not ERC-3009: the chain says no.
            return DepositVerification.Refused(X402ErrorReasons.BatchDepositSimulationFailed, $"the deposit would revert: {ex.Reason.Message}");
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchRpcReadFailed, "the deposit could not be simulated");
        }

        return DepositVerification.Valid(channel, amount, call);
    }

    /// <summary>The ERC-3009 authorization's kind, time window and signature: pure checks, no chain. Null when they pass.</summary>
    private DepositVerification? CheckAuthorization(DepositPayload payload, Hash32 channelId, EvmChannelConfig config, DepositToken token)
    {
        if (payload.Deposit.Authorization.Erc3009Authorization is not { } authorization)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchErc3009AuthorizationRequired, "this server accepts ERC-3009 deposits only");
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
            return DepositVerification.Refused(X402ErrorReasons.BatchPayloadAuthorizationValidBefore, "the deposit authorization expires too soon");
        }

        if (validAfter > now)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchPayloadAuthorizationValidAfter, "the deposit authorization is not valid yet");
        }

        var collector = Address.Parse(chain.Value.Erc3009DepositCollector);
        var receive = new Erc3009Authorization(config.Payer, collector, amount, validAfter, validBefore, Erc3009.DepositNonce(channelId, salt));
        var tokenDomain = new Eip712Domain(token.Name, token.Version, chain.Value.ChainId, config.Token);
        if (!curve.TryRecover(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, receive).AsSpan(), signature, out var signer) || signer != config.Payer)
        {
            return DepositVerification.Refused(X402ErrorReasons.BatchReceiveAuthorizationSignature, "the deposit authorization is not signed by the payer");
        }

        return null;
    }

    private async Task<(OnChainChannelSnapshot Channel, BigInteger PayerBalance)?> ReadStateAsync(
        Hash32 channelId, EvmChannelConfig config, CancellationToken cancellationToken)
    {
        try
        {
            var channel = channels.ReadAsync(channelId.ToString(), cancellationToken);
            var balance = new Erc20Token(rpc, config.Token).BalanceOfAsync(config.Payer, cancellationToken: cancellationToken);
            await Task.WhenAll(channel, balance);
            return (channel.Result, balance.Result);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deposit into channel {ChannelId} of {Amount} units sent: {Transaction}")]
    private static partial void LogDepositSent(ILogger logger, string channelId, string amount, string transaction);
}
