using Billing.Server.Payments;
using Billing.X402;

namespace Billing.Server.Facilitator;

/// <summary>The token domain a deposit is signed in, as the offer names it (<c>extra.name</c>, <c>extra.version</c>).</summary>
internal static class DepositTerms
{
    public static X402Result<DepositToken> Read(RequirementTerms terms) =>
        terms is { Name: { Length: > 0 } name, Version: { Length: > 0 } version }
            ? new DepositToken(name, version)
            : new X402Error(X402ErrorReasons.BatchMissingEip712Domain, "the offer's extra names no token EIP-712 name and version");
}
