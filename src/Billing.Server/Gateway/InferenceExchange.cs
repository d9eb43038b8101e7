using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Billing.Abstractions.Channels;
using Billing.Core.Pricing;
using Billing.Server.Payments;
using Billing.X402.Http;
using Yarp.ReverseProxy.Transforms;

namespace Billing.Server.Gateway;

/// <summary>
/// One paid inference request through the gateway: proxies it, meters the upstream's answer, and commits the exact
/// charge (or voids it when the upstream failed). A JSON answer is held until its charge is committed and then sent
/// with its receipt; an event stream is relayed as it arrives, with a receipt for the reserved ceiling up front, cut off
/// cleanly before it would cost more than the ceiling, and closed with an <c>x402-charge</c> comment line stating the
/// charge (comments, because the standard OpenAI clients would read a named event as a completion chunk).
/// </summary>
public sealed partial class InferenceExchange : MeteredExchange
{
    /// <summary>The last comment of a paid stream: what it was charged, the channel's charged total and what remains.</summary>
    public const string ChargeEventName = StreamChargeEvent.Name;

    /// <summary>A comment sent before the charge comment when the stream was ended to stay within the ceiling.</summary>
    public const string CutOffEventName = "x402-cutoff";

    private const int ReadBufferBytes = 16 * 1024;
    private const int MaxEventBytes = 1024 * 1024;

    private readonly InferenceMeter _meter;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly TimeSpan _upstreamIdleTimeout;
    private PaidExchange? _paid;
    private byte[]? _heldAnswer;
    private bool _streaming;
    private bool _upstreamSentDone;
    private bool _clientGone;

    /// <param name="upstreamIdleTimeout">
    /// How long the upstream's body may stay silent before the answer counts as failed: the cluster's activity timeout,
    /// applied here because this exchange, not the proxy, reads the body.
    /// </param>
    public InferenceExchange(
        InferenceRequest request, PriceEntry price, UInt128 ceiling, InferenceBounds bounds, GatewayOptions options, TimeSpan upstreamIdleTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
        Price = price;
        Ceiling = ceiling;
        _options = options;
        _upstreamIdleTimeout = upstreamIdleTimeout;
        _logger = logger;
        // Usage is kept under the price's own spelling of the model; a wildcard price keeps the (validated) requested name.
        _meter = new InferenceMeter(price, price.Model ?? request.Model, ceiling, bounds, request.Api);
        TokenBound = checked(bounds.PromptTokens + bounds.CompletionTokens);

        // Decided now: the upstream transform edits the body, after which it asks for usage itself.
        AddsStreamUsage = request.Stream && !request.IncludesUsage && request.Api == InferenceApi.Completions;
    }

    public override UInt128 Ceiling { get; }

    public override ulong TokenBound { get; }

    public InferenceRequest Request { get; }

    public PriceEntry Price { get; }

    /// <summary>The usage this request is charged for (final once the exchange has run).</summary>
    public UsageQuantities Usage => _meter.Usage;

    /// <summary>The upstream is asked for a usage chunk the client did not ask for; it is read, not forwarded.</summary>
    public bool AddsStreamUsage { get; }

    /// <summary>
    /// The output cap written into the upstream request when output tokens cost money and the client did not set it in
    /// an OpenAI field: the client's cap from another server's field, else the configured default.
    /// </summary>
    public ulong? AddedMaxTokens =>
        !Request.HasOpenAiOutputCap && !(Price.OutputTokens.MaxPricePerToken.IsZero && Price.ReasoningTokens.MaxPricePerToken.IsZero)
            ? Request.MaxOutputTokens ?? _options.DefaultMaxOutputTokens
            : null;

    public override async Task RunAsync(PaidExchange paid, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(paid);
        ArgumentNullException.ThrowIfNull(next);
        _paid = paid;
        var context = paid.Context;
        context.Features.Set(this);
        try
        {
            await next(context);
        }
        catch
        {
            await (_streaming ? FinishStreamAsync(paid) : paid.VoidAsync().AsTask());
            throw;
        }

        if (_streaming)
        {
            await FinishStreamAsync(paid);
            return;
        }

        if (context.Response.StatusCode >= 400 || _heldAnswer is null)
        {
            // The upstream failed (or never answered): its error passes through and nothing is charged.
            await paid.VoidAsync();
            return;
        }

        var charge = _meter.Charge();
        if (_meter.WasCapped)
        {
            await RefuseOverrunAsync(paid);
            return;
        }

        var committed = await paid.CommitAsync(charge);
        if (!committed.Succeeded)
        {
            LogCommitRefused(_logger, paid.RequestId, committed.Rejection);
            context.Response.Headers.ContentLength = null;
            await paid.RefuseAsync(committed);
            return;
        }

        paid.AddReceipt(committed);
        context.Response.ContentLength = _heldAnswer.Length;
        await context.Response.Body.WriteAsync(_heldAnswer, context.RequestAborted);
    }

    /// <summary>
    /// The upstream answered past the cap it was sent, so its answer costs more than the voucher covers. A JSON answer
    /// cannot be cut short like a stream: none of it is delivered and nothing is charged (the payer authorized the
    /// ceiling; an upstream that ran past it is the provider's loss, never output handed over unpaid).
    /// </summary>
    private async Task RefuseOverrunAsync(PaidExchange paid)
    {
        LogAnswerOverran(_logger, Ceiling);
        await paid.VoidAsync();
        var response = paid.Context.Response;
        response.StatusCode = StatusCodes.Status502BadGateway;
        response.ContentType = "application/json";
        var error = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, Dictionary<string, string>>
        {
            ["error"] = new()
            {
                ["code"] = "price_ceiling",
                ["message"] = $"the upstream's answer would cost more than the {Ceiling} atomic units this request's voucher covers; it was not delivered and nothing was charged",
            },
        });
        response.ContentLength = error.Length;
        await response.Body.WriteAsync(error, paid.Context.RequestAborted);
    }

    /// <summary>Called by the gateway's response transform once the upstream's headers arrived with a success status.</summary>
    internal async ValueTask OnUpstreamAnswerAsync(ResponseTransformContext upstream)
    {
        upstream.SuppressResponseBody = true;
        var mediaType = upstream.ProxyResponse!.Content.Headers.ContentType?.MediaType;
        if (string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            await RelayStreamAsync(upstream);
        }
        else
        {
            await HoldAnswerAsync(upstream);
        }
    }

    private async Task HoldAnswerAsync(ResponseTransformContext upstream)
    {
        var context = upstream.HttpContext;
        try
        {
            using var idle = new UpstreamIdleTimeout(context.RequestAborted, _upstreamIdleTimeout);
            await using var body = await upstream.ProxyResponse!.Content.ReadAsStreamAsync(idle.Token);
            using var held = new MemoryStream();
            var buffer = new byte[ReadBufferBytes];
            int read;
            while ((read = await idle.ReadAsync(body, buffer)) > 0)
            {
                if (held.Length + read > _options.MaxResponseBytes)
                {
                    LogAnswerTooLarge(_logger, _options.MaxResponseBytes);
                    context.Response.StatusCode = StatusCodes.Status502BadGateway;
                    return;
                }

                held.Write(buffer, 0, read);
            }

            _heldAnswer = held.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            LogUpstreamFailed(_logger, ex.GetType().Name);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        MeterAnswer(_heldAnswer);
    }

    private void MeterAnswer(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (ReportedUsage.TryFind(root, out var usage) && ReportedUsage.TryRead(usage, out var reported))
            {
                _meter.Report(reported);
            }
            else
            {
                _meter.Sent(DeltaTokens.InAnswer(root), 0);
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing to count but the call itself.
        }
    }

    private async Task RelayStreamAsync(ResponseTransformContext upstream)
    {
        var context = upstream.HttpContext;
        _streaming = true;
        context.Response.Headers.ContentLength = null;
        context.Response.Headers.CacheControl = "no-cache";
        _paid!.AddReservationReceipt(Ceiling);
        using var splitter = new SseEventSplitter(MaxEventBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            using var idle = new UpstreamIdleTimeout(context.RequestAborted, _upstreamIdleTimeout);
            await using var body = await upstream.ProxyResponse!.Content.ReadAsStreamAsync(idle.Token);
            while (true)
            {
                var read = await idle.ReadAsync(body, buffer.AsMemory(0, ReadBufferBytes));
                if (read == 0)
                {
                    return;
                }

                splitter.Append(buffer.AsSpan(0, read));
                if (!await ForwardEventsAsync(context, splitter))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or InvalidDataException)
        {
            // Upstream gone or client gone: the stream ends here and is charged for what the client was sent.
            _clientGone |= context.RequestAborted.IsCancellationRequested;
            if (!_clientGone)
            {
                LogUpstreamFailed(_logger, ex.GetType().Name);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Meters and forwards every whole event of one upstream read, then flushes them to the client in one send: the
    /// events of a read arrived together, so sending them together delays none of them. False when the stream must end
    /// (cut off, or client gone).
    /// </summary>
    private async ValueTask<bool> ForwardEventsAsync(HttpContext context, SseEventSplitter splitter)
    {
        var (output, reasoning) = (0UL, 0UL);
        var cutOff = false;
        var writer = context.Response.BodyWriter;
        while (!cutOff && splitter.TryTake(out var raw))
        {
            var metered = _meter.Admit(SseEvent.Parse(raw));
            switch (metered.Kind)
            {
                case MeteredEventKind.Done:
                    // Held back: the charge event goes before the end of the stream.
                    _upstreamSentDone = true;
                    break;
                case MeteredEventKind.CutOff:
                    writer.Write(SseEvent.FormatComment(CutOffEventName, CutOffMessage()));
                    cutOff = true;
                    break;
                case MeteredEventKind.UsageOnly when AddsStreamUsage:
                    break;
                default:
                    writer.Write(raw.Span);
                    output += metered.Output;
                    reasoning += metered.Reasoning;
                    break;
            }
        }

        if (!await FlushAsync(context))
        {
            return false;
        }

        _meter.Sent(output, reasoning);
        return !cutOff;
    }

    private async Task FinishStreamAsync(PaidExchange paid)
    {
        var context = paid.Context;
        var committed = await paid.CommitAsync(_meter.Charge());
        LogIfCapped();
        if (!committed.Succeeded)
        {
            LogCommitRefused(_logger, paid.RequestId, committed.Rejection);
        }

        if (_clientGone || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // A Responses API stream has no [DONE]: its clients would read one as a malformed event.
        if (await WriteAsync(context, SseEvent.FormatComment(ChargeEventName, ChargeMessage(committed)))
            && (_upstreamSentDone || (_meter.WasCutOff && Request.Api == InferenceApi.Completions)))
        {
            await WriteAsync(context, SseEvent.FormatData(SseEvent.Done));
        }
    }

    private ValueTask<bool> WriteAsync(HttpContext context, byte[] bytes)
    {
        if (_clientGone)
        {
            return ValueTask.FromResult(false);
        }

        context.Response.BodyWriter.Write(bytes);
        return FlushAsync(context);
    }

    /// <summary>Sends what was written; false (and the client counted as gone) when it could not be sent.</summary>
    private async ValueTask<bool> FlushAsync(HttpContext context)
    {
        if (_clientGone)
        {
            return false;
        }

        try
        {
            var flushed = await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            _clientGone = flushed.IsCanceled || flushed.IsCompleted;
            return !_clientGone;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _clientGone = true;
            return false;
        }
    }

    private string CutOffMessage() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["reason"] = "price_ceiling",
        ["message"] = $"the next tokens would cost more than the {Ceiling} atomic units this request's voucher covers",
    });

    private static string ChargeMessage(PaymentDecision committed)
    {
        if (!committed.Succeeded || committed.Channel is not { } channel)
        {
            return JsonSerializer.Serialize(new Dictionary<string, string> { [StreamChargeEvent.Error] = committed.Rejection.ToString() });
        }

        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            [StreamChargeEvent.ChannelId] = channel.ChannelId,
            [StreamChargeEvent.ChargedAmount] = committed.Charged.ToString(CultureInfo.InvariantCulture),
            [StreamChargeEvent.ChargedCumulativeAmount] = channel.ChargedCumulative.ToString(CultureInfo.InvariantCulture),
            [StreamChargeEvent.Balance] = channel.Balance.ToString(CultureInfo.InvariantCulture),
            [StreamChargeEvent.RemainingBalance] = PaidExchange.Remaining(channel).ToString(CultureInfo.InvariantCulture),
        });
    }

    private void LogIfCapped()
    {
        if (_meter.WasCapped)
        {
            LogChargeCapped(_logger, Ceiling);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metered commit of request {RequestId} refused: {Rejection}")]
    private static partial void LogCommitRefused(ILogger logger, string requestId, PaymentRejection rejection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reported usage exceeded the ceiling of {Ceiling} atomic units; charged the ceiling")]
    private static partial void LogChargeCapped(ILogger logger, UInt128 ceiling);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream answer cost more than the ceiling of {Ceiling} atomic units; not delivered, nothing charged")]
    private static partial void LogAnswerOverran(ILogger logger, UInt128 ceiling);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream answer exceeded {MaxBytes} bytes; nothing charged")]
    private static partial void LogAnswerTooLarge(ILogger logger, int maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream failed while answering ({Failure})")]
    private static partial void LogUpstreamFailed(ILogger logger, string failure);
}
