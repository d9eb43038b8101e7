namespace Billing.X402.BatchSettlement;

/// <summary>Values of <c>extra.assetTransferMethod</c>: how a deposit pulls tokens from the payer.</summary>
public static class AssetTransferMethods
{
    /// <summary>ERC-3009 <c>receiveWithAuthorization</c>; the default when the field is absent.</summary>
    public const string Eip3009 = "eip3009";

    public const string Permit2 = "permit2";

    public static bool IsKnown(string? method) => method is Eip3009 or Permit2;
}
