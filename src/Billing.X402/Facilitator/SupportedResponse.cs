namespace Billing.X402.Facilitator;

/// <summary>
/// Reply of a facilitator <c>GET /supported</c>. v1 facilitators return only <see cref="Kinds"/>, so the v2 lists
/// read as empty when absent, and are always written.
/// </summary>
public sealed record SupportedResponse
{
    // The serializer passes null for an absent init-only member, overriding an initializer; the setters normalise it.
    private readonly IReadOnlyList<string> _extensions = [];
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _signers = new Dictionary<string, IReadOnlyList<string>>();

    public required IReadOnlyList<SupportedKind> Kinds { get; init; }

    public IReadOnlyList<string> Extensions
    {
        get => _extensions;
        init => _extensions = value ?? [];
    }

    /// <summary>CAIP-2 pattern (<c>eip155:*</c>) to the facilitator's signer addresses.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Signers
    {
        get => _signers;
        init => _signers = value ?? new Dictionary<string, IReadOnlyList<string>>();
    }
}
