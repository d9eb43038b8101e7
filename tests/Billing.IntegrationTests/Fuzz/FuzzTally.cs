using System.Collections.Concurrent;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>What a fuzz run saw: answers per mutation and status, the charges it caused, and every violation.</summary>
internal sealed class FuzzTally
{

    private readonly ConcurrentDictionary<(string Mutation, int Status), int> _answers = new();
    private readonly ConcurrentDictionary<(string Base, string Reason), int> _reasons = new();
    private readonly ConcurrentDictionary<UInt128, string> _charges = new();
    private readonly ConcurrentDictionary<string, (int Count, string Example)> _violations = new();
    private int _violationCount;
    private int _cases;

    public int Cases => Volatile.Read(ref _cases);

    public int ViolationCount => Volatile.Read(ref _violationCount);

    /// <summary>Violations grouped by mutation and kind, each with its count and one case to reproduce it.</summary>
    public IEnumerable<string> Violations =>
        _violations.OrderByDescending(v => v.Value.Count).Select(v => $"{v.Value.Count}× {v.Key}\n    e.g. {v.Value.Example}");

    /// <summary>The distinct cumulative amounts of the vouchers that were charged (a replay of one is one charge).</summary>
    public IReadOnlyCollection<UInt128> Charges => [.. _charges.Keys];

    public IReadOnlyDictionary<(string Mutation, int Status), int> Answers => _answers;

    public int CountStatus(int status) => _answers.Where(a => a.Key.Status == status).Sum(a => a.Value);

    public void Answer(FuzzCase fuzzCase, int status)
    {
        Interlocked.Increment(ref _cases);
        _answers.AddOrUpdate((fuzzCase.Mutation, status), 1, (_, n) => n + 1);
    }

    /// <summary>Why cases of one base were answered as they were: which checks the fuzz actually reached.</summary>
    public void Reason(FuzzCase fuzzCase, int status, string? reason)
    {
        var key = (fuzzCase.Base.StartsWith("voucher-step-", StringComparison.Ordinal) ? "voucher-step-n" : fuzzCase.Base, $"{status} {reason}");
        _reasons.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    public void Charged(UInt128 cumulative, FuzzCase fuzzCase) => _charges.TryAdd(cumulative, fuzzCase.Mutation);

    public void Violation(FuzzCase fuzzCase, string what)
    {
        Interlocked.Increment(ref _violationCount);
        var kind = $"{fuzzCase.Mutation}: {(what.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? what[..colon] : what)}";
        _violations.AddOrUpdate(kind, (1, $"{what}\n    case: {fuzzCase.Describe()}"), (_, seen) => (seen.Count + 1, seen.Example));
    }

    public string ReasonSummary() => string.Join(
        "\n",
        _reasons.GroupBy(r => r.Key.Base)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.OrderByDescending(r => r.Value).Select(r => $"{r.Key.Reason}×{r.Value}"))));

    public string Summary() => string.Join(
        "\n",
        _answers.GroupBy(a => a.Key.Mutation)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key,-36} " + string.Join(" ", g.OrderBy(a => a.Key.Status).Select(a => $"{a.Key.Status}×{a.Value}"))));
}
