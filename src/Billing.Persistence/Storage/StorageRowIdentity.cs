using Orleans.Runtime;

namespace Billing.Persistence.Storage;

/// <summary>
/// What the ADO.NET provider is told about a grain, chosen so that distinct grains always map to distinct rows.
/// </summary>
/// <remarks>
/// The provider identifies a row by the name it is passed as "grain type" plus a key it derives from the grain id.
/// Two of its habits break that identity: it is passed the state name rather than the grain type (dotnet/orleans#8746),
/// and it parses any key that reads as hexadecimal as an integer, so "020235" and "20235" become the same number
/// (dotnet/orleans#9706). Here the grain type is folded into the name, and the key is handed over behind a prefix that
/// no integer or GUID parser accepts, so the provider stores it verbatim as a string.
/// Generic grain classes are refused: the provider rewrites any name containing a backtick as a CLR generic type name
/// and would drop the state name that follows it.
/// </remarks>
internal static class StorageRowIdentity
{
    private static readonly byte[] KeyPrefix = "key:"u8.ToArray();

    /// <summary>"channel/channel-ledger": the grain type, then the persistent-state name.</summary>
    /// <exception cref="NotSupportedException">The grain class is generic.</exception>
    public static string StateType(string stateName, GrainId grainId)
    {
        var grainType = grainId.Type.ToString();
        if (grainType.Contains('`', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Generic grain type '{grainType}' cannot persist in the billing store.");
        }

        return $"{grainType}/{stateName}";
    }

    /// <summary>The same grain type with the key "key:&lt;original key&gt;", which the provider keeps as a string.</summary>
    public static GrainId VerbatimKey(GrainId grainId)
    {
        var key = grainId.Key.AsSpan();
        var prefixed = new byte[KeyPrefix.Length + key.Length];
        KeyPrefix.CopyTo(prefixed, 0);
        key.CopyTo(prefixed.AsSpan(KeyPrefix.Length));
        return GrainId.Create(grainId.Type, new IdSpan(prefixed));
    }
}
