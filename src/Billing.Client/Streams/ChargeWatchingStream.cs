namespace Billing.Client.Streams;

/// <summary>
/// A response body passed through unchanged to its reader, while the charge events in it are handed to
/// <paramref name="onCharge"/> as soon as they have been read (before the read that completed them returns).
/// </summary>
internal sealed class ChargeWatchingStream(Stream inner, Func<string, CancellationToken, ValueTask> onCharge) : Stream
{
    private readonly ChargeEventScanner _scanner = new();
    private readonly List<string> _found = [];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        await WatchAsync(buffer.Span[..read], cancellationToken);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);

        // A synchronous reader already blocks on the network; the store update blocks it the same way.
        WatchAsync(buffer[..read], CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private ValueTask WatchAsync(ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        _scanner.Scan(bytes, _found);
        return _found.Count == 0 ? ValueTask.CompletedTask : HandFoundAsync(cancellationToken);
    }

    private async ValueTask HandFoundAsync(CancellationToken cancellationToken)
    {
        var found = _found.ToArray();
        _found.Clear();
        foreach (var data in found)
        {
            await onCharge(data, cancellationToken);
        }
    }
}
