using System.Security.Cryptography;
using System.Text;
using Billing.Evm;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.Wire;
using Microsoft.Extensions.Options;

namespace Billing.Server.Facilitator;

/// <summary>
/// The access decision of <see cref="FacilitatorOptions"/>, taken once at start-up: whether the endpoints exist, which
/// credential they demand, whether callers get receiver-authorizer signatures, and which payTo and assets it serves.
/// </summary>
public sealed class FacilitatorAccess
{
    private const string Any = "*";

    private readonly byte[]? _token;
    private readonly HashSet<Address>? _payTo;
    private readonly HashSet<Address>? _assets;

    public FacilitatorAccess(IOptions<FacilitatorOptions> options, IOptions<PaymentOptions> payment)
    {
        var o = options.Value;
        IsEnabled = o.Enabled ?? false;
        _token = o.ResolveToken() is { } token ? Encoding.UTF8.GetBytes(token) : null;
        _payTo = Allowed(o.PayTo, payment.Value.PayTo);
        _assets = Allowed(o.Assets, payment.Value.Asset);
    }

    public bool IsEnabled { get; }

    /// <summary>
    /// Why the facilitator will not act on these requirements (a <c>payTo</c> or asset it does not serve), or null. Checked
    /// before anything is read from the chain or sent: strangers cannot have us pay gas for their own payments.
    /// </summary>
    public X402Error? Refusal(PaymentRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        if (_payTo is not null && (!Address.TryParse(requirements.PayTo, out var payTo) || !_payTo.Contains(payTo)))
        {
            return new X402Error(X402ErrorReasons.InvalidPaymentRequirements, "this facilitator does not settle for this payTo");
        }

        return _assets is not null && (!Address.TryParse(requirements.Asset, out var asset) || !_assets.Contains(asset))
            ? new X402Error(X402ErrorReasons.InvalidPaymentRequirements, "this facilitator does not settle this asset")
            : null;
    }

    /// <summary>
    /// Callers are authenticated exactly when a token is configured (the endpoint filter refuses everyone else), and only
    /// authenticated callers may have the facilitator sign with the receiver-authorizer key.
    /// </summary>
    public bool SignsForCallers => _token is not null;

    /// <summary>True when no token is required, or the header carries it. Constant-time in the token's bytes.</summary>
    public bool Admits(string? authorizationHeader)
    {
        if (_token is null)
        {
            return true;
        }

        const string Scheme = "Bearer ";
        return authorizationHeader is not null
            && authorizationHeader.StartsWith(Scheme, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorizationHeader[Scheme.Length..]), _token);
    }

    /// <summary>The configured addresses, the server's own when none are, or null (anything) for <c>*</c>.</summary>
    private static HashSet<Address>? Allowed(string[] configured, string own)
    {
        if (configured.Contains(Any))
        {
            return null;
        }

        var addresses = configured.Length > 0 ? configured : [own];
        return [.. addresses.Where(a => Address.TryParse(a, out _)).Select(Address.Parse)];
    }
}
