namespace Billing.Evm;

/// <summary>
/// A start-up self-test for a curve implementation: private key 1 must give the generator's address, and a signature
/// must recover to it. Guards against a broken or ABI-incompatible native build being chosen silently.
/// </summary>
internal static class KnownAnswer
{
    private static readonly Address GeneratorAddress = Address.Parse("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");

    public static string? Check(ISecp256k1 curve)
    {
        Span<byte> one = stackalloc byte[PrivateKey.Size];
        one[^1] = 1;
        using var key = PrivateKey.FromBytes(one);
        if (curve.DeriveAddress(key) != GeneratorAddress)
        {
            return "key 1 did not derive the generator's address";
        }

        Span<byte> digest = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash("billing-evm self-test"u8, digest);
        Span<byte> signature = stackalloc byte[RecoverableSignature.Length];
        curve.Sign(digest, key, signature);
        return curve.TryRecover(digest, signature, out var signer) && signer == GeneratorAddress
            ? null
            : "a signature did not recover to its signer";
    }
}
