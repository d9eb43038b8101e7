using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using Billing.LoadGenerator.Measurement;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// Streamed chat completions of one fixed request body over keep-alive HTTP/1.1, one connection per channel. Reads each
/// event stream as bytes, without parsing its JSON: a line with <c>"content":</c> is a token chunk, timed on arrival,
/// holding one token per word of its content (the demo upstream's tokens are words, one or several per chunk); the
/// gateway's closing <c>x402-charge</c> comment line is parsed for the channel's charged total.
/// </summary>
public sealed class TokenStreams : IDisposable
{
    private static readonly byte[] ContentMarker = "\"content\":"u8.ToArray();
    private static readonly byte[] ChargeComment = Encoding.UTF8.GetBytes(StreamChargeEvent.CommentPrefix);

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly byte[] _body;
    private string? _firstFailure;

    public TokenStreams(Uri endpoint, int connections, string body)
    {
        _endpoint = endpoint;
        _body = Encoding.UTF8.GetBytes(body);
        _http = LoopbackHttp.Create(connections);
    }

    public string? FirstFailure => _firstFailure;

    /// <summary>The batch-settlement offer for this body, from the 402 an unpaid request gets: its amount is the ceiling.</summary>
    public async Task<PaymentRequirements> ReadOfferAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(Request(null), cancellationToken);
        if (response.StatusCode != HttpStatusCode.PaymentRequired
            || !response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values)
            || !PaymentHeaderCodec.Default.DecodePaymentRequired(values.First()).TryGetValue(out var required, out _))
        {
            throw new InvalidOperationException($"{_endpoint} answered {(int)response.StatusCode} without a readable 402 to an unpaid stream request.");
        }

        return required.Accepts.FirstOrDefault(a => a.Scheme == "batch-settlement")
            ?? throw new InvalidOperationException($"{_endpoint} offers no batch-settlement payment.");
    }

    /// <summary>
    /// Sends the body (with the payment header, when given) and reads the stream to its end, recording the time before
    /// each token chunk in <paramref name="tokenGaps"/> and the time to the first token in <paramref name="firstToken"/>.
    /// Null when the stream failed.
    /// </summary>
    /// <param name="latencyFrom">
    /// The <see cref="Stopwatch"/> timestamp the time to first token counts from: now, or in an open loop the stream's due
    /// time when the channel was still busy with the previous one, so that waiting for it is not left out.
    /// </param>
    public async Task<StreamOutcome?> StreamAsync(string? paymentSignature, long latencyFrom, LatencyHistogram tokenGaps, LatencyHistogram firstToken)
    {
        ArgumentNullException.ThrowIfNull(tokenGaps);
        ArgumentNullException.ThrowIfNull(firstToken);
        try
        {
            using var response = await _http.SendAsync(Request(paymentSignature), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync();
            var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
            var outcome = await ReadEventsAsync(reader, latencyFrom, tokenGaps, firstToken);
            await reader.CompleteAsync();
            return outcome;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Fail($"transport: {e.Message}");
            return null;
        }
    }

    public void Fail(string reason) =>
        Interlocked.CompareExchange(ref _firstFailure, reason.Length <= 200 ? reason : reason[..200] + "…", null);

    public void Dispose() => _http.Dispose();

    private static async Task<StreamOutcome> ReadEventsAsync(PipeReader reader, long sent, LatencyHistogram tokenGaps, LatencyHistogram firstToken)
    {
        var previous = sent;
        var tokens = 0;
        UInt128? charged = null;
        while (true)
        {
            var read = await reader.ReadAsync();
            var buffer = read.Buffer;
            var arrived = Stopwatch.GetTimestamp();
            while (TryReadLine(ref buffer, out var line))
            {
                var content = line.IndexOf(ContentMarker);
                if (content >= 0)
                {
                    // Tokens of one chunk arrive together: the chunk's gap for its first, none for the others.
                    (tokens == 0 ? firstToken : tokenGaps).RecordTicks(arrived - previous);
                    previous = arrived;
                    var words = Words(line[(content + ContentMarker.Length)..]);
                    for (var extra = 1; extra < words; extra++)
                    {
                        tokenGaps.RecordTicks(0);
                    }

                    tokens += words;
                }
                else if (line.StartsWith(ChargeComment))
                {
                    charged = ChargedCumulative(line[ChargeComment.Length..]);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return new StreamOutcome(tokens, charged);
            }
        }
    }

    /// <summary>Words in the JSON string at the start of <paramref name="value"/> (demo words hold no quotes or escapes).</summary>
    private static int Words(ReadOnlySpan<byte> value)
    {
        var words = 0;
        var inWord = false;
        for (var i = value.IndexOf((byte)'"') + 1; i > 0 && i < value.Length && value[i] != (byte)'"'; i++)
        {
            var space = value[i] == (byte)' ';
            words += !space && !inWord ? 1 : 0;
            inWord = !space;
        }

        return words;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySpan<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is not { } newline)
        {
            line = default;
            return false;
        }

        var slice = buffer.Slice(0, newline);
        line = slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray();
        buffer = buffer.Slice(buffer.GetPosition(1, newline));
        return true;
    }

    private static UInt128? ChargedCumulative(ReadOnlySpan<byte> json)
    {
        using var charge = JsonDocument.Parse(json.ToArray());
        return charge.RootElement.TryGetProperty("chargedCumulativeAmount", out var amount) && amount.GetString() is { } text
            ? UInt128.Parse(text, CultureInfo.InvariantCulture)
            : null;
    }

    private HttpRequestMessage Request(string? paymentSignature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (paymentSignature is not null)
        {
            request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, paymentSignature);
        }

        return request;
    }
}
