namespace Billing.Server.Gateway;

/// <summary>
/// Ends the reading of an upstream's body once it has been silent for the cluster's activity timeout. The proxy restarts
/// that clock only for bodies it copies itself; a metered body is read by its exchange, so each read restarts it here,
/// and a long answer that keeps sending is never cut for being long.
/// </summary>
internal sealed class UpstreamIdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _timeout;

    public UpstreamIdleTimeout(CancellationToken requestAborted, TimeSpan timeout)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _timeout = timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan;
        _source.CancelAfter(_timeout);
    }

    /// <summary>Cancelled when the client goes away or the upstream stays silent too long.</summary>
    public CancellationToken Token => _source.Token;

    public async ValueTask<int> ReadAsync(Stream body, Memory<byte> buffer)
    {
        var read = await body.ReadAsync(buffer, _source.Token);
        _source.CancelAfter(_timeout);
        return read;
    }

    public void Dispose() => _source.Dispose();
}
