namespace Billing.Evm;

/// <summary>
/// Chooses the secp256k1 implementation once per process: native libsecp256k1 when it loads and passes a known-answer
/// test, the managed one otherwise. Setting <c>BILLING_SECP256K1=managed</c> forces the managed one.
/// </summary>
public static class Secp256k1
{
    public const string ImplementationVariable = "BILLING_SECP256K1";

    private static readonly Lazy<(NativeSecp256k1? Native, string? Failure)> NativeLoad =
        new(() => (NativeSecp256k1.TryLoad(out var failure), failure), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ISecp256k1> Selected = new(Select, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The implementation the rest of the process should use.</summary>
    public static ISecp256k1 Default => Selected.Value;

    /// <summary>The managed implementation, always available.</summary>
    public static ISecp256k1 Managed => ManagedSecp256k1.Instance;

    /// <summary>The native implementation, or null when libsecp256k1 cannot be loaded on this machine.</summary>
    public static ISecp256k1? Native => NativeLoad.Value.Native;

    /// <summary>Name of the chosen implementation, for the host to log at start-up.</summary>
    public static string SelectedImplementation => Default.Name;

    /// <summary>One line for a start-up log: what was chosen and, for the managed fallback, why.</summary>
    public static string Describe()
    {
        var selected = Default;
        if (selected is NativeSecp256k1)
        {
            return $"secp256k1: {selected.Name}";
        }

        var reason = ForcedManaged() ? $"{ImplementationVariable}=managed" : NativeLoad.Value.Failure ?? "native not loaded";
        return $"secp256k1: {selected.Name} (native libsecp256k1 unavailable: {reason}; install the libsecp256k1-1 package)";
    }

    private static ISecp256k1 Select()
    {
        if (ForcedManaged())
        {
            return ManagedSecp256k1.Instance;
        }

        return (ISecp256k1?)NativeLoad.Value.Native ?? ManagedSecp256k1.Instance;
    }

    private static bool ForcedManaged() =>
        string.Equals(Environment.GetEnvironmentVariable(ImplementationVariable), "managed", StringComparison.OrdinalIgnoreCase);
}
