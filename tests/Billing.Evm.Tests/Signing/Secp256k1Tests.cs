namespace Billing.Evm.Tests.Signing;

public class Secp256k1Tests
{
    // Anvil's first default account.
    private const string AnvilKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static readonly Address AnvilAccount0 = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    public static TheoryData<string> Curves => new() { "native", "managed" };

    private static ISecp256k1 Curve(string name) =>
        name == "native"
            ? Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 is not loadable; run scripts/setup.")
            : Secp256k1.Managed;

    [Fact]
    public void Native_is_selected_when_the_library_is_installed()
    {
        Assert.True(Secp256k1.Native is not null, "libsecp256k1 is not loadable: run scripts/setup (apt package libsecp256k1-1).");
        Assert.IsType<NativeSecp256k1>(Secp256k1.Default);
        Assert.Contains("libsecp256k1", Secp256k1.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Derives_known_addresses(string curveName)
    {
        using var key = PrivateKey.FromHex(AnvilKey0);
        Assert.Equal(AnvilAccount0, Curve(curveName).DeriveAddress(key));
        Assert.Equal(AnvilAccount0, key.Address);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Sign_then_recover_round_trips_and_is_low_s(string curveName)
    {
        var curve = Curve(curveName);
        using var key = PrivateKey.FromHex(AnvilKey0);
        for (var i = 0; i < 20; i++)
        {
            var digest = Keccak256.Hash(BitConverter.GetBytes(i)).ToArray();
            var signature = curve.Sign(digest, key);
            Assert.Equal(65, signature.Length);
            Assert.InRange(signature[64], 27, 28);
            Assert.True(signature[32] < 0x80, "s must be in the lower half of the order");
            Assert.True(curve.TryRecover(digest, signature, out var signer));
            Assert.Equal(key.Address, signer);
        }
    }

    [Fact]
    public void Native_and_managed_produce_identical_signatures()
    {
        var native = Curve("native");
        using var key = PrivateKey.Generate();
        for (var i = 0; i < 25; i++)
        {
            var digest = Keccak256.Hash(BitConverter.GetBytes(i * 31)).ToArray();
            Assert.Equal(native.Sign(digest, key), Secp256k1.Managed.Sign(digest, key));
        }
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Recovery_accepts_v_0_1_27_28_and_EIP2098_compact(string curveName)
    {
        var curve = Curve(curveName);
        using var key = PrivateKey.Generate();
        var digest = Keccak256.Hash("compact"u8).ToArray();
        var signature = curve.Sign(digest, key);

        var zeroBased = (byte[])signature.Clone();
        zeroBased[64] -= 27;
        Assert.True(curve.TryRecover(digest, zeroBased, out var fromZeroBased));
        Assert.Equal(key.Address, fromZeroBased);

        var compact = signature[..64];
        if (signature[64] == 28)
        {
            compact[32] |= 0x80;
        }

        Assert.True(curve.TryRecover(digest, compact, out var fromCompact));
        Assert.Equal(key.Address, fromCompact);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void High_s_bad_v_and_bad_lengths_are_refused_without_throwing(string curveName)
    {
        var curve = Curve(curveName);
        using var key = PrivateKey.Generate();
        var digest = Keccak256.Hash("malleable"u8).ToArray();
        var signature = curve.Sign(digest, key);

        // The malleable twin (r, n − s, v ^ 1) is a valid ECDSA signature that EIP-2 forbids.
        var s = new System.Numerics.BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var n = System.Numerics.BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337",
            System.Globalization.CultureInfo.InvariantCulture);
        var twin = (byte[])signature.Clone();
        (n - s).TryWriteBytes(twin.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        twin[64] = (byte)(signature[64] == 27 ? 28 : 27);
        Assert.False(curve.TryRecover(digest, twin, out var twinSigner));
        Assert.True(twinSigner.IsZero);

        foreach (var v in new byte[] { 2, 26, 29, 35, 255 })
        {
            var badV = (byte[])signature.Clone();
            badV[64] = v;
            Assert.False(curve.TryRecover(digest, badV, out _));
        }

        Assert.False(curve.TryRecover(digest, signature[..63], out _));
        Assert.False(curve.TryRecover(digest, [.. signature, 0], out _));
        Assert.False(curve.TryRecover(digest[..31], signature, out _));
        Assert.False(curve.TryRecover(digest, new byte[65], out _)); // r = s = 0
    }

    [Fact]
    public void A_different_digest_recovers_a_different_signer()
    {
        using var key = PrivateKey.Generate();
        var signature = Secp256k1.Default.Sign(Keccak256.Hash("a"u8).AsSpan(), key);
        var recovered = Secp256k1.Default.TryRecover(Keccak256.Hash("b"u8).AsSpan(), signature, out var signer);
        Assert.False(recovered && signer == key.Address);
    }

    [Fact]
    public void Private_key_never_appears_in_ToString_and_dispose_blocks_use()
    {
        var key = PrivateKey.FromHex(AnvilKey0);
        Assert.DoesNotContain("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(AnvilAccount0.ToString(), key.ToString(), StringComparison.Ordinal);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Secp256k1.Default.Sign(new byte[32], key));
    }

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // n
    [InlineData("0x1234")]
    [InlineData("not a key at all, but it is secret")]
    public void Invalid_private_keys_are_refused_without_echoing_them(string hex)
    {
        var ex = Assert.Throws<ArgumentException>(() => PrivateKey.FromHex(hex));
        Assert.DoesNotContain(hex, ex.Message, StringComparison.Ordinal);
    }
}
