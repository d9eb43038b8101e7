using System.Numerics;
using Billing.Evm.Abi;
using Billing.Evm.Rpc;

namespace Billing.Evm.BatchSettlement;

/// <summary>An ERC-20 token with the EIP-3009 authorization functions (USDC and our test token), plus the test token's mint.</summary>
public sealed class Erc20Token(EthRpcClient rpc, Address address)
{
    private const string AuthorizationParameters = "address,address,uint256,uint256,uint256,bytes32";

    public static AbiFunction BalanceOf { get; } = AbiFunction.Parse("balanceOf(address)(uint256)");

    public static AbiFunction Transfer { get; } = AbiFunction.Parse("transfer(address,uint256)(bool)");

    public static AbiFunction Approve { get; } = AbiFunction.Parse("approve(address,uint256)(bool)");

    public static AbiFunction Mint { get; } = AbiFunction.Parse("mint(address,uint256)");

    public static AbiFunction Name { get; } = AbiFunction.Parse("name()(string)");

    public static AbiFunction Decimals { get; } = AbiFunction.Parse("decimals()(uint8)");

    public static AbiFunction AuthorizationState { get; } = AbiFunction.Parse("authorizationState(address,bytes32)(bool)");

    public static AbiFunction ReceiveWithAuthorizationVrs { get; } =
        AbiFunction.Parse($"receiveWithAuthorization({AuthorizationParameters},uint8,bytes32,bytes32)");

    public static AbiFunction ReceiveWithAuthorizationBytes { get; } = AbiFunction.Parse($"receiveWithAuthorization({AuthorizationParameters},bytes)");

    public static AbiFunction TransferWithAuthorizationVrs { get; } =
        AbiFunction.Parse($"transferWithAuthorization({AuthorizationParameters},uint8,bytes32,bytes32)");

    public static AbiFunction TransferWithAuthorizationBytes { get; } = AbiFunction.Parse($"transferWithAuthorization({AuthorizationParameters},bytes)");

    public static AbiEvent TransferEvent { get; } = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");

    public Address Address { get; } = address;

    public async Task<BigInteger> BalanceOfAsync(Address owner, string blockTag = "latest", CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync(BalanceOf, blockTag, cancellationToken, owner))[0]!;

    public async Task<string> NameAsync(CancellationToken cancellationToken = default) =>
        (string)(await CallAsync(Name, "latest", cancellationToken))[0]!;

    public async Task<byte> DecimalsAsync(CancellationToken cancellationToken = default) =>
        (byte)(BigInteger)(await CallAsync(Decimals, "latest", cancellationToken))[0]!;

    /// <summary>True when the authorizer's EIP-3009 nonce has been used or cancelled.</summary>
    public async Task<bool> AuthorizationStateAsync(Address authorizer, Hash32 nonce, CancellationToken cancellationToken = default) =>
        (bool)(await CallAsync(AuthorizationState, "latest", cancellationToken, authorizer, nonce))[0]!;

    public static byte[] EncodeTransfer(Address to, BigInteger amount) => Transfer.EncodeCall(to, amount);

    public static byte[] EncodeApprove(Address spender, BigInteger amount) => Approve.EncodeCall(spender, amount);

    public static byte[] EncodeMint(Address to, BigInteger amount) => Mint.EncodeCall(to, amount);

    public static byte[] EncodeReceiveWithAuthorization(Erc3009Authorization authorization, byte[] signature) =>
        ReceiveWithAuthorizationBytes.EncodeCall([.. AuthorizationValues(authorization), signature]);

    public static byte[] EncodeReceiveWithAuthorization(Erc3009Authorization authorization, byte v, Hash32 r, Hash32 s) =>
        ReceiveWithAuthorizationVrs.EncodeCall([.. AuthorizationValues(authorization), v, r, s]);

    public static byte[] EncodeTransferWithAuthorization(Erc3009Authorization authorization, byte[] signature) =>
        TransferWithAuthorizationBytes.EncodeCall([.. AuthorizationValues(authorization), signature]);

    public static byte[] EncodeTransferWithAuthorization(Erc3009Authorization authorization, byte v, Hash32 r, Hash32 s) =>
        TransferWithAuthorizationVrs.EncodeCall([.. AuthorizationValues(authorization), v, r, s]);

    private static object?[] AuthorizationValues(Erc3009Authorization authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return [authorization.From, authorization.To, authorization.Value, authorization.ValidAfter, authorization.ValidBefore, authorization.Nonce];
    }

    private async Task<object?[]> CallAsync(AbiFunction function, string blockTag, CancellationToken cancellationToken, params object?[] arguments)
    {
        var output = await rpc.CallAsync(Address, function.EncodeCall(arguments), blockTag, cancellationToken);
        return function.DecodeOutput(output);
    }
}
