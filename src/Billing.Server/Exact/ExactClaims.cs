using Billing.Evm.BatchSettlement;
using Billing.Persistence.Exact;

namespace Billing.Server.Exact;

/// <summary>How a verified authorization is named and dated in the exact settlement table.</summary>
internal static class ExactClaims
{
    /// <summary>The token's own identity of the authorization: its authorizer and nonce, on this token and chain.</summary>
    public static ExactAuthorizationKey Key(string network, ExactOffer offer, Erc3009Authorization authorization) =>
        new(network, offer.Asset.ToString(), authorization.From.ToString(), authorization.Nonce.ToString());

    /// <summary>validBefore as a date; a uint256 beyond the calendar's end reads as never expiring.</summary>
    public static DateTimeOffset Expiry(Erc3009Authorization authorization) =>
        authorization.ValidBefore >= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.MaxValue
            : DateTimeOffset.FromUnixTimeSeconds((long)authorization.ValidBefore);
}
