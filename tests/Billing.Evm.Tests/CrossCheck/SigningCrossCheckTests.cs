using System.Globalization;
using Billing.Evm.Transactions;

namespace Billing.Evm.Tests.CrossCheck;

[Trait("Category", "CrossCheck")]
public class SigningCrossCheckTests
{
    [Fact]
    public async Task Raw_digest_signatures_equal_cast_for_native_and_managed()
    {
        var random = CrossCheckCases.NewRandom(4);
        var cases = Enumerable.Range(0, CrossCheckCases.Count)
            .Select(_ => (Key: PrivateKey.FromBytes(ValidScalar(random)), Digest: CrossCheckCases.Bytes(random, 32)))
            .ToArray();
        try
        {
            var expected = await Cast.RunAllAsync(cases.Select(c =>
                (IReadOnlyList<string>)["wallet", "sign", "--no-hash", Hex.Encode(c.Digest), "--private-key", SecretHex(c.Key)]));
            var native = Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 missing: run scripts/setup.");
            CrossCheckCases.AssertAllEqual(expected, cases.Select(c => Hex.Encode(native.Sign(c.Digest, c.Key))).ToArray(), i => Hex.Encode(cases[i].Digest));
            // The managed fallback is 20× slower; a quarter of the cases keeps the suite fast and still proves it equal.
            var managedCases = cases.Take(50).ToArray();
            CrossCheckCases.AssertAllEqual(
                expected.Take(50).ToArray(),
                managedCases.Select(c => Hex.Encode(Secp256k1.Managed.Sign(c.Digest, c.Key))).ToArray(),
                i => Hex.Encode(cases[i].Digest));

            // Whatever cast signed, we recover to cast's signer.
            for (var i = 0; i < cases.Length; i++)
            {
                Assert.True(Secp256k1.Default.TryRecover(cases[i].Digest, Hex.Decode(expected[i]), out var signer));
                Assert.Equal(cases[i].Key.Address, signer);
            }
        }
        finally
        {
            foreach (var c in cases)
            {
                c.Key.Dispose();
            }
        }
    }

    [Fact]
    public async Task Signed_EIP1559_transactions_equal_cast_mktx()
    {
        var random = CrossCheckCases.NewRandom(5);
        var cases = Enumerable.Range(0, CrossCheckCases.Count).Select(_ =>
        {
            var key = PrivateKey.FromBytes(ValidScalar(random));
            var priority = (ulong)random.NextInt64(0, 5_000_000_000);
            var tx = new Eip1559Transaction(
                ChainId: (ulong)random.NextInt64(1, 100_000),
                Nonce: (ulong)random.NextInt64(0, 1_000_000),
                MaxPriorityFeePerGas: priority,
                MaxFeePerGas: priority + (ulong)random.NextInt64(0, 100_000_000_000),
                GasLimit: (ulong)random.NextInt64(21_000, 30_000_000),
                To: CrossCheckCases.Address(random),
                Value: random.Next(3) == 0 ? 0 : random.NextInt64(),
                Data: CrossCheckCases.Bytes(random, random.Next(0, 3) == 0 ? 0 : random.Next(4, 200)));
            return (Key: key, Tx: tx);
        }).ToArray();
        try
        {
            var expected = await Cast.RunAllAsync(cases.Select(c => (IReadOnlyList<string>)
            [
                "mktx", "--private-key", SecretHex(c.Key), "--chain", Invariant(c.Tx.ChainId), "--nonce", Invariant(c.Tx.Nonce),
                "--gas-limit", Invariant(c.Tx.GasLimit), "--gas-price", c.Tx.MaxFeePerGas.ToString(CultureInfo.InvariantCulture),
                "--priority-gas-price", c.Tx.MaxPriorityFeePerGas.ToString(CultureInfo.InvariantCulture),
                "--value", c.Tx.Value.ToString(CultureInfo.InvariantCulture), c.Tx.To!.Value.ToString(),
                .. c.Tx.Data.Length > 0 ? [Hex.Encode(c.Tx.Data)] : Array.Empty<string>(),
            ]));
            var actual = cases.Select(c => c.Tx.Sign(c.Key, Secp256k1.Default).RawHex).ToArray();
            CrossCheckCases.AssertAllEqual(expected, actual, i => cases[i].Tx.ToString());
        }
        finally
        {
            foreach (var c in cases)
            {
                c.Key.Dispose();
            }
        }
    }

    internal static byte[] ValidScalar(Random random)
    {
        while (true)
        {
            var candidate = CrossCheckCases.Bytes(random, 32);
            if (candidate[0] < 0xFF && candidate.Any(b => b != 0))
            {
                return candidate;
            }
        }
    }

    /// <summary>The test-only way to hand a generated key to cast; keys here are random throwaways.</summary>
    internal static string SecretHex(PrivateKey key) => Hex.Encode(key.Secret);

    private static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
