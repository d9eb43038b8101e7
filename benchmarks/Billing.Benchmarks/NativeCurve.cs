using Billing.Evm;

namespace Billing.Benchmarks;

/// <summary>The native secp256k1 the native benchmarks need; its absence fails the benchmark rather than measuring the fallback.</summary>
public static class NativeCurve
{
    public static ISecp256k1 Require() =>
        Secp256k1.Native
        ?? throw new InvalidOperationException(
            "libsecp256k1 could not be loaded, so the native benchmarks would measure nothing: install the libsecp256k1-1 package.");
}
