using Billing.Core.Journal;
using Billing.Persistence.Journal;

namespace Billing.Persistence.Tests.Journal;

/// <summary>
/// The log writer's batching and failure rules, with a commit that the test controls (the database-backed behaviour is in
/// <see cref="ChargeJournalTests"/>): this is where a failing commit can be injected exactly.
/// </summary>
public sealed class ChargeLogWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_record_alone_is_committed_at_once_and_a_burst_behind_a_commit_shares_the_next_one()
    {
        var commits = new ScriptedCommits();
        await using var writer = new ChargeLogWriter(commits.CommitAsync, TimeSpan.Zero, maxBatchRecords: 1_000);

        var first = writer.AppendAsync([Record("first")], CancellationToken.None);
        var firstBatch = await commits.NextAsync();
        Assert.Equal(["first"], firstBatch.RequestIds);

        var burst = Enumerable.Range(0, 20).Select(i => writer.AppendAsync([Record($"burst-{i}")], CancellationToken.None)).ToList();
        firstBatch.Succeed();
        await first;
        Assert.DoesNotContain(burst, append => append.IsCompleted);

        var secondBatch = await commits.NextAsync();
        Assert.Equal(20, secondBatch.RequestIds.Count);
        secondBatch.Succeed();
        await Task.WhenAll(burst);
        Assert.Equal(2, writer.Commits);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_append_it_held_and_the_next_batch_commits()
    {
        var commits = new ScriptedCommits();
        await using var writer = new ChargeLogWriter(commits.CommitAsync, TimeSpan.Zero, maxBatchRecords: 1_000);

        var first = writer.AppendAsync([Record("first")], CancellationToken.None);
        var firstBatch = await commits.NextAsync();
        var doomed = Enumerable.Range(0, 5).Select(i => writer.AppendAsync([Record($"doomed-{i}")], CancellationToken.None)).ToList();
        firstBatch.Succeed();
        await first;

        var failing = await commits.NextAsync();
        Assert.Equal(5, failing.RequestIds.Count);
        failing.Fail(new InvalidOperationException("disk full"));
        foreach (var append in doomed)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => append);
            Assert.Equal("disk full", failure.Message);
        }

        var later = writer.AppendAsync([Record("later")], CancellationToken.None);
        var recovered = await commits.NextAsync();
        Assert.Equal(["later"], recovered.RequestIds);
        recovered.Succeed();
        await later;

        // What must not happen: a failed commit counted, or the appends it held reported durable.
        Assert.Equal(2, writer.Commits);
        Assert.All(doomed, append => Assert.True(append.IsFaulted));
    }

    [Fact]
    public async Task A_batch_never_splits_one_append_and_stays_within_its_bound()
    {
        var commits = new ScriptedCommits();
        await using var writer = new ChargeLogWriter(commits.CommitAsync, TimeSpan.Zero, maxBatchRecords: 5);

        var first = writer.AppendAsync([Record("first")], CancellationToken.None);
        var firstBatch = await commits.NextAsync();
        var pair = writer.AppendAsync([Record("a-1"), Record("a-2")], CancellationToken.None);
        var triple = writer.AppendAsync([Record("b-1"), Record("b-2"), Record("b-3")], CancellationToken.None);
        var third = writer.AppendAsync([Record("c-1"), Record("c-2")], CancellationToken.None);
        firstBatch.Succeed();
        await first;

        var second = await commits.NextAsync();
        Assert.Equal(["a-1", "a-2", "b-1", "b-2", "b-3"], second.RequestIds);
        second.Succeed();
        var last = await commits.NextAsync();
        Assert.Equal(["c-1", "c-2"], last.RequestIds);
        last.Succeed();
        await Task.WhenAll(pair, triple, third);
    }

    [Fact]
    public async Task With_a_linger_appends_made_together_share_the_first_commit()
    {
        var commits = new ScriptedCommits();

        // Far longer than the two synchronous appends below take, so both are queued when the linger ends.
        await using var writer = new ChargeLogWriter(commits.CommitAsync, TimeSpan.FromSeconds(1), maxBatchRecords: 10);

        var first = writer.AppendAsync([Record("first")], CancellationToken.None);
        var second = writer.AppendAsync([Record("second")], CancellationToken.None);

        var batch = await commits.NextAsync();
        Assert.Equal(["first", "second"], batch.RequestIds);
        batch.Succeed();
        await Task.WhenAll(first, second);
        Assert.Equal(1, writer.Commits);
    }

    [Fact]
    public async Task An_append_after_the_writer_closed_fails_instead_of_waiting_for_ever()
    {
        var commits = new ScriptedCommits();
        var writer = new ChargeLogWriter(commits.CommitAsync, TimeSpan.Zero, maxBatchRecords: 10);
        await writer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.AppendAsync([Record("late")], CancellationToken.None));
    }

    private static ChargeRecord Record(string requestId) =>
        new("0x" + new string('a', 64), requestId, ChargeKind.Call, 1, 1, At);

    /// <summary>Hands each commit to the test, which decides when and how it ends.</summary>
    private sealed class ScriptedCommits
    {
        private readonly System.Threading.Channels.Channel<PendingCommit> _commits =
            System.Threading.Channels.Channel.CreateUnbounded<PendingCommit>();

        public Task CommitAsync(IReadOnlyList<ChargeRecord> records)
        {
            var commit = new PendingCommit([.. records.Select(r => r.RequestId)]);
            _commits.Writer.TryWrite(commit);
            return commit.Outcome.Task;
        }

        public async Task<PendingCommit> NextAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _commits.Reader.ReadAsync(deadline.Token);
        }
    }

    private sealed class PendingCommit(List<string> requestIds)
    {
        public List<string> RequestIds { get; } = requestIds;

        public TaskCompletionSource Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Succeed() => Outcome.SetResult();

        public void Fail(Exception exception) => Outcome.SetException(exception);
    }
}
