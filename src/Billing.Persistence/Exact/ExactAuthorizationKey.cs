namespace Billing.Persistence.Exact;

/// <summary>
/// Names one ERC-3009 authorization the way the token does (its authorizer and nonce), on one chain and token. Hex
/// values are kept lower-case so that two spellings of one address cannot name two rows.
/// </summary>
public sealed record ExactAuthorizationKey
{
    public ExactAuthorizationKey(string network, string asset, string payer, string nonce)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        ArgumentException.ThrowIfNullOrWhiteSpace(payer);
        ArgumentException.ThrowIfNullOrWhiteSpace(nonce);
        Network = network;
        Asset = asset.ToLowerInvariant();
        Payer = payer.ToLowerInvariant();
        Nonce = nonce.ToLowerInvariant();
    }

    /// <summary>CAIP-2 id of the chain.</summary>
    public string Network { get; }

    public string Asset { get; }

    public string Payer { get; }

    public string Nonce { get; }
}
