namespace Billing.Evm.Tests.CrossCheck;

/// <summary>Shared sizing and seeding for the cast cross-checks: at least 200 random cases per property, reproducible.</summary>
internal static class CrossCheckCases
{
    public const int Count = 200;

    /// <summary>A fixed seed unless CROSSCHECK_SEED is set, so a failure can be replayed exactly.</summary>
    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CROSSCHECK_SEED"), out var seed) ? seed : 20260504;

    public static Random NewRandom(int salt) => new(unchecked(Seed + salt));

    public static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static Address Address(Random random) => new(Bytes(random, 20));

    public static Hash32 Hash(Random random) => new(Bytes(random, 32));

    public static UInt128 UInt128Value(Random random) => random.Next(4) switch
    {
        0 => (UInt128)(ulong)random.NextInt64(0, 1_000_000),
        1 => UInt128.MaxValue,
        _ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()),
    };

    /// <summary>Asserts pairwise equality and names the first differing case with its inputs.</summary>
    public static void AssertAllEqual(IReadOnlyList<string> expected, IReadOnlyList<string> actual, Func<int, string> describe)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (!string.Equals(expected[i], actual[i], StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Case {i} (seed {Seed}) differs from cast.\n  ours: {actual[i]}\n  cast: {expected[i]}\n  input: {describe(i)}");
            }
        }
    }
}
