using System.Numerics;
using Billing.Evm.Abi;
using Billing.Evm.Rpc;

namespace Billing.Evm.BatchSettlement;

/// <summary>
/// Typed access to a deployed x402 batch-settlement contract: view calls through <see cref="EthRpcClient"/> and
/// calldata builders for the state-changing functions (send them with a <see cref="TransactionSender"/>).
/// </summary>
public sealed class BatchSettlementContract(EthRpcClient rpc, Address address)
{
    public Address Address { get; } = address;

    public async Task<(UInt128 Balance, UInt128 TotalClaimed)> GetChannelAsync(Hash32 channelId, string blockTag = "latest", CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(BatchSettlementAbi.Channels, blockTag, cancellationToken, channelId);
        return (U128(values[0]), U128(values[1]));
    }

    public async Task<(UInt128 TotalClaimed, UInt128 TotalSettled)> GetReceiverAsync(
        Address receiver, Address token, string blockTag = "latest", CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(BatchSettlementAbi.Receivers, blockTag, cancellationToken, receiver, token);
        return (U128(values[0]), U128(values[1]));
    }

    /// <summary>The pending withdrawal; <c>InitiatedAt</c> (unix seconds) is 0 when none is pending.</summary>
    public async Task<(UInt128 Amount, ulong InitiatedAt)> GetPendingWithdrawalAsync(
        Hash32 channelId, string blockTag = "latest", CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(BatchSettlementAbi.PendingWithdrawals, blockTag, cancellationToken, channelId);
        return (U128(values[0]), (ulong)(BigInteger)values[1]!);
    }

    public async Task<BigInteger> RefundNonceAsync(Hash32 channelId, string blockTag = "latest", CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync(BatchSettlementAbi.RefundNonce, blockTag, cancellationToken, channelId))[0]!;

    public async Task<Hash32> GetChannelIdAsync(ChannelConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Hash(await CallAsync(BatchSettlementAbi.GetChannelId, "latest", cancellationToken, [config.ToAbiTuple()]));
    }

    public async Task<Hash32> GetVoucherDigestAsync(Hash32 channelId, UInt128 maxClaimableAmount, CancellationToken cancellationToken = default) =>
        Hash(await CallAsync(BatchSettlementAbi.GetVoucherDigest, "latest", cancellationToken, channelId, maxClaimableAmount));

    public async Task<Hash32> GetRefundDigestAsync(Hash32 channelId, BigInteger nonce, UInt128 amount, CancellationToken cancellationToken = default) =>
        Hash(await CallAsync(BatchSettlementAbi.GetRefundDigest, "latest", cancellationToken, channelId, nonce, amount));

    public async Task<Hash32> GetClaimBatchDigestAsync(IReadOnlyList<VoucherClaim> claims, CancellationToken cancellationToken = default) =>
        Hash(await CallAsync(BatchSettlementAbi.GetClaimBatchDigest, "latest", cancellationToken, [ClaimRows(claims)]));

    /// <summary>Dry-runs calldata against this contract (e.g. to pre-simulate a claim batch); a revert throws <see cref="EvmRevertException"/>.</summary>
    public Task<byte[]> SimulateAsync(byte[] callData, Address from, CancellationToken cancellationToken = default) =>
        rpc.CallAsync(new CallRequest { From = from, To = Address, Data = callData }, "latest", cancellationToken);

    public static byte[] EncodeDeposit(ChannelConfig config, UInt128 amount, Address collector, byte[] collectorData)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(collectorData);
        return BatchSettlementAbi.Deposit.EncodeCall(config.ToAbiTuple(), amount, collector, collectorData);
    }

    public static byte[] EncodeClaim(IReadOnlyList<VoucherClaim> claims) => BatchSettlementAbi.Claim.EncodeCall([ClaimRows(claims)]);

    public static byte[] EncodeClaimWithSignature(IReadOnlyList<VoucherClaim> claims, byte[] authorizerSignature)
    {
        ArgumentNullException.ThrowIfNull(authorizerSignature);
        return BatchSettlementAbi.ClaimWithSignature.EncodeCall(ClaimRows(claims), authorizerSignature);
    }

    public static byte[] EncodeSettle(Address receiver, Address token) => BatchSettlementAbi.Settle.EncodeCall(receiver, token);

    public static byte[] EncodeInitiateWithdraw(ChannelConfig config, UInt128 amount)
    {
        ArgumentNullException.ThrowIfNull(config);
        return BatchSettlementAbi.InitiateWithdraw.EncodeCall(config.ToAbiTuple(), amount);
    }

    public static byte[] EncodeFinalizeWithdraw(ChannelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return BatchSettlementAbi.FinalizeWithdraw.EncodeCall([config.ToAbiTuple()]);
    }

    public static byte[] EncodeRefund(ChannelConfig config, UInt128 amount)
    {
        ArgumentNullException.ThrowIfNull(config);
        return BatchSettlementAbi.Refund.EncodeCall(config.ToAbiTuple(), amount);
    }

    public static byte[] EncodeRefundWithSignature(ChannelConfig config, UInt128 amount, BigInteger nonce, byte[] receiverAuthorizerSignature)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(receiverAuthorizerSignature);
        return BatchSettlementAbi.RefundWithSignature.EncodeCall(config.ToAbiTuple(), amount, nonce, receiverAuthorizerSignature);
    }

    /// <summary>Several calls in one transaction (OZ Multicall: delegatecall to itself, all-or-nothing).</summary>
    public static byte[] EncodeMulticall(IReadOnlyList<byte[]> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return BatchSettlementAbi.Multicall.EncodeCall([calls.Cast<object?>().ToArray()]);
    }

    private static object?[] ClaimRows(IReadOnlyList<VoucherClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return claims.Select(c => (object?)(c ?? throw new ArgumentException("A claim batch has no null rows.", nameof(claims))).ToAbiTuple()).ToArray();
    }

    private async Task<object?[]> CallAsync(AbiFunction function, string blockTag, CancellationToken cancellationToken, params object?[] arguments)
    {
        var output = await rpc.CallAsync(Address, function.EncodeCall(arguments), blockTag, cancellationToken);
        return function.DecodeOutput(output);
    }

    private static Hash32 Hash(object?[] values) => new((byte[])values[0]!);

    private static UInt128 U128(object? value) => (UInt128)(BigInteger)value!;
}
