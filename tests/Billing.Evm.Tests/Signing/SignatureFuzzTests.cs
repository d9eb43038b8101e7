using CsCheck;

namespace Billing.Evm.Tests.Signing;

public class SignatureFuzzTests
{
    [Fact]
    public void Recovery_never_throws_on_random_signatures_of_any_length()
    {
        var curves = new[] { Secp256k1.Native!, Secp256k1.Managed };
        Gen.Select(Gen.Byte.Array[0, 40], Gen.Byte.Array[0, 70]).Sample((digest, signature) =>
        {
            foreach (var curve in curves)
            {
                if (curve.TryRecover(digest, signature, out var signer))
                {
                    Assert.Equal(32, digest.Length);
                    Assert.False(signer.IsZero);
                }
            }
        }, iter: 2000);
    }

    [Fact]
    public void Random_well_formed_signatures_recover_identically_in_both_implementations()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[64], Gen.Byte[0, 3]).Sample((digest, rs, v) =>
        {
            byte[] signature = [.. rs, (byte)(27 + v)];
            var nativeOk = Secp256k1.Native!.TryRecover(digest, signature, out var nativeSigner);
            var managedOk = Secp256k1.Managed.TryRecover(digest, signature, out var managedSigner);
            Assert.Equal(nativeOk, managedOk);
            Assert.Equal(nativeSigner, managedSigner);
        }, iter: 300);
    }

    [Fact]
    public void Sign_and_recover_round_trip_for_random_keys()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((secret, digest) =>
        {
            if (secret.All(b => b == 0) || secret[0] == 0xFF)
            {
                return;
            }

            using var key = PrivateKey.FromBytes(secret);
            var signature = Secp256k1.Default.Sign(digest, key);
            Assert.True(Secp256k1.Default.TryRecover(digest, signature, out var signer));
            Assert.Equal(key.Address, signer);
            Assert.True(Secp256k1.Default.TryRecover(digest, SignatureEncoding.ToCompact(signature), out var compactSigner));
            Assert.Equal(key.Address, compactSigner);
            Assert.Equal(signature, SignatureEncoding.FromCompact(SignatureEncoding.ToCompact(signature)));
        }, iter: 300);
    }
}
