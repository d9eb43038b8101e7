namespace Billing.IntegrationTests.Fuzz;

/// <summary>Where the fields of a batch-settlement payment live, per payload kind, for mutations to aim at.</summary>
internal static class PaymentFields
{
    public const string VoucherAmount = "payload.voucher.maxClaimableAmount";
    public const string VoucherSignature = "payload.voucher.signature";
    public const string VoucherChannelId = "payload.voucher.channelId";
    public const string DepositAmount = "payload.deposit.amount";
    public const string RefundAmount = "payload.amount";
    public const string AuthorizationSalt = "payload.deposit.authorization.erc3009Authorization.salt";
    public const string AuthorizationSignature = "payload.deposit.authorization.erc3009Authorization.signature";

    /// <summary>The channel config's addresses (EIP-55 checksummed in every base payment).</summary>
    public static readonly string[] ConfigAddresses =
    [
        "payload.channelConfig.payer",
        "payload.channelConfig.payerAuthorizer",
        "payload.channelConfig.receiver",
        "payload.channelConfig.receiverAuthorizer",
        "payload.channelConfig.token",
    ];

    /// <summary>Addresses the client echoes from the offer; matched byte for byte.</summary>
    public static readonly string[] OfferAddresses = ["accepted.payTo", "accepted.asset"];

    private static readonly string[] CommonObjects = ["", "accepted", "accepted.extra", "payload", "payload.channelConfig", "payload.voucher"];

    private static readonly string[] CommonStrings =
    [
        "accepted.scheme", "accepted.network", "accepted.amount", "accepted.asset", "accepted.payTo",
        "accepted.extra.receiverAuthorizer", "accepted.extra.name", "accepted.extra.version",
        "payload.type", .. ConfigAddresses, "payload.channelConfig.salt", VoucherChannelId, VoucherAmount, VoucherSignature,
    ];


    public static IReadOnlyList<string> Objects(PayloadKind kind) => kind switch
    {
        PayloadKind.Deposit => [.. CommonObjects, "payload.deposit", "payload.deposit.authorization", "payload.deposit.authorization.erc3009Authorization"],
        _ => CommonObjects,
    };

    /// <summary>Objects the server reads into typed models, where a duplicated key must be refused.</summary>
    public static IReadOnlyList<string> TypedObjects(PayloadKind kind) => [.. Objects(kind).Where(path => path != "accepted.extra")];

    public static IReadOnlyList<string> Strings(PayloadKind kind) => kind switch
    {
        PayloadKind.Deposit =>
        [
            .. CommonStrings, DepositAmount, AuthorizationSalt, AuthorizationSignature,
            "payload.deposit.authorization.erc3009Authorization.validAfter",
            "payload.deposit.authorization.erc3009Authorization.validBefore",
        ],
        PayloadKind.Refund => [.. CommonStrings, RefundAmount],
        _ => CommonStrings,
    };

    /// <summary>The integer fields, the same in every payload kind.</summary>
    public static IReadOnlyList<string> Numbers { get; } =
        ["x402Version", "accepted.maxTimeoutSeconds", "accepted.extra.withdrawDelay", "payload.channelConfig.withdrawDelay"];

    /// <summary>Hex fields of any length rule (bytes32, signatures, addresses).</summary>
    public static IReadOnlyList<string> Hex(PayloadKind kind) => kind switch
    {
        PayloadKind.Deposit => [VoucherChannelId, VoucherSignature, "payload.channelConfig.salt", .. ConfigAddresses, AuthorizationSalt, AuthorizationSignature],
        _ => [VoucherChannelId, VoucherSignature, "payload.channelConfig.salt", .. ConfigAddresses],
    };

    public static IReadOnlyList<string> Amounts(PayloadKind kind) => kind switch
    {
        PayloadKind.Deposit => [VoucherAmount, "accepted.amount", DepositAmount],
        PayloadKind.Refund => [VoucherAmount, "accepted.amount", RefundAmount],
        _ => [VoucherAmount, "accepted.amount"],
    };

    public static IReadOnlyList<string> Signatures(PayloadKind kind) => kind switch
    {
        PayloadKind.Deposit => [VoucherSignature, AuthorizationSignature],
        _ => [VoucherSignature],
    };

    /// <summary>
    /// A refund without an amount refunds everything not charged, which is a genuine refund: no mutation may make a
    /// refund's amount disappear, or the fuzz could legitimately move escrow.
    /// </summary>
    public static bool MayVanish(PayloadKind kind, string path) => !(kind == PayloadKind.Refund && path == RefundAmount);

    public static T Pick<T>(IReadOnlyList<T> items, int index) => items[(int)((uint)index % (uint)items.Count)];
}
