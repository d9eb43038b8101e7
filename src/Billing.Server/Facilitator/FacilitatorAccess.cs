using System.Security.Cryptography;
using System.Text;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Facilitator;

/// <summary>
/// The access decision of <see cref="FacilitatorOptions"/>, taken once at start-up: whether the endpoints exist, which
/// credential they demand, and whether callers get receiver-authorizer signatures.
/// </summary>
public sealed class FacilitatorAccess
{
    private static readonly ulong[] LocalChainIds = [31337, 1337];

    private readonly byte[]? _token;

    public FacilitatorAccess(IOptions<FacilitatorOptions> options, IOptions<ChainOptions> chain, IHostEnvironment environment)
    {
        var o = options.Value;
        IsEnabled = o.Enabled ?? (environment.IsDevelopment() || LocalChainIds.Contains(chain.Value.ChainId));
        _token = o.ResolveToken() is { } token ? Encoding.UTF8.GetBytes(token) : null;
    }

    public bool IsEnabled { get; }

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
}
