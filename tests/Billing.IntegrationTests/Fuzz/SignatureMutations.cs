using System.Numerics;
using System.Text.Json.Nodes;
using Billing.Evm;
using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Mutations of signatures: wrong lengths, random bytes, the malleable high-s twin, v out of range, zero r or s, and
/// the other encodings of the same signature (EIP-2098 compact, v as 0/1).
/// </summary>
internal static class SignatureMutations
{
    /// <summary>The order n of secp256k1.</summary>
    private static readonly BigInteger CurveOrder =
        BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly int[] WrongLengths = [0, 1, 20, 32, 63, 66, 96, 129];

    public static Gen<Mutation> WrongLength { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, WrongLengths.Length - 1], Gen.Byte.Array[129]).Select((at, length, bytes) =>
            new Mutation("signature-of-wrong-length", p => Replace(p, at, _ => bytes[..WrongLengths[length]])));

    public static Gen<Mutation> RandomSignature { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte.Array[65], Gen.Bool).Select((at, bytes, compact) =>
            new Mutation("random-signature", p => Replace(p, at, _ => compact ? bytes[..64] : bytes)));

    /// <summary>s replaced by n − s and v flipped: the same signer, in the form low-s rules exist to refuse.</summary>
    public static Gen<Mutation> HighS { get; } =
        Gen.Int[0, int.MaxValue].Select(at => new Mutation("high-s-signature", p => Replace(p, at, signature =>
        {
            if (signature.Length != 65)
            {
                return signature;
            }

            var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
            var high = (CurveOrder - s).ToByteArray(isUnsigned: true, isBigEndian: true);
            var twin = signature.ToArray();
            Array.Clear(twin, 32, 32);
            high.CopyTo(twin, 64 - high.Length);
            twin[64] = (byte)(twin[64] == 27 ? 28 : 27);
            return twin;
        })));

    /// <summary>v anywhere outside {0, 1, 27, 28}.</summary>
    public static Gen<Mutation> VOutOfRange { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[2, 253]).Select((at, v) => new Mutation("v-out-of-range", p => Replace(p, at, signature =>
        {
            var changed = signature.ToArray();
            changed[^1] = (byte)(v >= 27 ? v + 2 : v);
            return changed;
        })));

    public static Gen<Mutation> ZeroRorS { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Bool).Select((at, r) => new Mutation("zero-r-or-s", p => Replace(p, at, signature =>
        {
            var changed = signature.ToArray();
            Array.Clear(changed, r ? 0 : 32, 32);
            return changed;
        })));

    /// <summary>
    /// The same signature as EIP-2098 compact bytes or with v = 0/1. The voucher then recovers to the payer, but the
    /// contract claims with 65-byte r‖s‖v and v = 27/28 only: the oracle decides whether a 200 was earned.
    /// </summary>
    public static Gen<Mutation> OtherEncoding { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Bool).Select((at, compact) => new Mutation(compact ? "compact-signature" : "v-as-recovery-id", p =>
            Replace(p, at, signature => signature.Length != 65 ? signature
                : compact ? SignatureEncoding.ToCompact(signature)
                : [.. signature[..64], (byte)(signature[64] - 27)], Expectation.Unknown)));

    private static Mutated Replace(BasePayment payment, int at, Func<byte[], byte[]> change, Expectation effect = Expectation.Refused)
    {
        var root = JsonSurgery.Parse(payment.Json);
        var path = PaymentFields.Pick(PaymentFields.Signatures(payment.Kind), at);
        if (JsonSurgery.FindString(root, path) is not { } hex || !Hex.TryDecode(hex, out var signature))
        {
            return new Mutated(payment.Header, effect);
        }

        JsonSurgery.Set(root, path, JsonValue.Create(Hex.Encode(change(signature))));
        return new Mutated(JsonSurgery.Header(JsonSurgery.Write(root)), effect);
    }
}
