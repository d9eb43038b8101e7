using System.Security.Cryptography;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Billing.Evm;

/// <summary>
/// secp256k1 in managed code (BouncyCastle), the fallback when libsecp256k1 is absent. About twenty times slower than
/// the native path, with identical results: RFC 6979 nonces with HMAC-SHA256 and low-s normalisation.
/// </summary>
public sealed class ManagedSecp256k1 : ISecp256k1
{
    private static readonly ECDomainParameters Domain = CreateDomain();
    private static readonly BigInteger HalfOrder = Domain.N.ShiftRight(1);

    private ManagedSecp256k1()
    {
    }

    public static ManagedSecp256k1 Instance { get; } = new();

    public string Name => "managed BouncyCastle";

    public byte[] Sign(ReadOnlySpan<byte> hash32, PrivateKey key)
    {
        var signature = new byte[RecoverableSignature.Length];
        Sign(hash32, key, signature);
        return signature;
    }

    public void Sign(ReadOnlySpan<byte> hash32, PrivateKey key, Span<byte> signature65)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (hash32.Length != Keccak256.HashSize)
        {
            throw new ArgumentException("ECDSA signs a 32-byte digest.", nameof(hash32));
        }

        if (signature65.Length < RecoverableSignature.Length)
        {
            throw new ArgumentException("The signature span must hold 65 bytes.", nameof(signature65));
        }

        var d = new BigInteger(1, key.Secret);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var digest = hash32.ToArray();
        var rs = signer.GenerateSignature(digest);
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(HalfOrder) > 0)
        {
            s = Domain.N.Subtract(s);
        }

        var expected = Domain.G.Multiply(d).Normalize();
        WriteScalar(r, signature65[..32]);
        WriteScalar(s, signature65[32..64]);

        // BouncyCastle does not expose R, so the recovery id is the one whose recovered key is ours.
        for (var recoveryId = 0; recoveryId < 4; recoveryId++)
        {
            var candidate = Recover(digest, r, s, recoveryId);
            if (candidate is not null && candidate.Equals(expected))
            {
                signature65[64] = (byte)(27 + recoveryId);
                return;
            }
        }

        throw new CryptographicException("No recovery id reproduces the signer's public key.");
    }

    public bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature, out Address signer)
    {
        signer = default;
        if (hash32.Length != Keccak256.HashSize)
        {
            return false;
        }

        Span<byte> rs = stackalloc byte[RecoverableSignature.CompactLength];
        var recoveryId = RecoverableSignature.TryNormalize(signature, rs);
        if (recoveryId < 0)
        {
            return false;
        }

        var point = Recover(hash32.ToArray(), new BigInteger(1, rs[..32]), new BigInteger(1, rs[32..]), recoveryId);
        if (point is null)
        {
            return false;
        }

        signer = ToAddress(point);
        return true;
    }

    public Address DeriveAddress(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ToAddress(Domain.G.Multiply(new BigInteger(1, key.Secret)).Normalize());
    }

    public override string ToString() => Name;

    // SEC 1 v2 §4.1.6: R from (r + j·n, parity), then Q = r⁻¹(sR − eG).
    private static ECPoint? Recover(byte[] digest, BigInteger r, BigInteger s, int recoveryId)
    {
        var n = Domain.N;
        var x = r.Add(BigInteger.ValueOf(recoveryId >> 1).Multiply(n));
        if (x.CompareTo(Domain.Curve.Field.Characteristic) >= 0)
        {
            return null;
        }

        var encoded = new byte[33];
        encoded[0] = (byte)(0x02 | (recoveryId & 1));
        WriteScalar(x, encoded.AsSpan(1));
        ECPoint rPoint;
        try
        {
            rPoint = Domain.Curve.DecodePoint(encoded);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var e = new BigInteger(1, digest);
        var rInverse = r.ModInverse(n);
        var u1 = e.Negate().Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, u1, rPoint, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    private static Address ToAddress(ECPoint point)
    {
        Span<byte> xy = stackalloc byte[64];
        WriteScalar(point.AffineXCoord.ToBigInteger(), xy[..32]);
        WriteScalar(point.AffineYCoord.ToBigInteger(), xy[32..]);
        return PublicKeyAddress.FromUncompressed(xy);
    }

    private static void WriteScalar(BigInteger value, Span<byte> destination32)
    {
        var bytes = value.ToByteArrayUnsigned();
        destination32.Clear();
        bytes.CopyTo(destination32[(32 - bytes.Length)..]);
    }

    private static ECDomainParameters CreateDomain()
    {
        var curve = CustomNamedCurves.GetByName("secp256k1");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
    }
}
