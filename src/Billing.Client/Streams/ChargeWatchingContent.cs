using System.Net;

namespace Billing.Client.Streams;

/// <summary>
/// A paid response's content whose reading goes through a <see cref="ChargeWatchingStream"/>: the body is never
/// buffered by this wrapper, and the caller reads exactly the bytes the server sent.
/// </summary>
internal sealed class ChargeWatchingContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Func<string, CancellationToken, ValueTask> _onCharge;

    public ChargeWatchingContent(HttpContent inner, Func<string, CancellationToken, ValueTask> onCharge)
    {
        _inner = inner;
        _onCharge = onCharge;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new ChargeWatchingStream(await _inner.ReadAsStreamAsync(cancellationToken), _onCharge);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new ChargeWatchingStream(_inner.ReadAsStream(cancellationToken), _onCharge);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var watched = await CreateContentReadStreamAsync(cancellationToken);
        await watched.CopyToAsync(stream, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
