using System.Net;
using Billing.Client.Channels;
using Billing.Evm;

namespace Billing.Client.Payments;

/// <summary>
/// Answers HTTP 402 automatically, within the owner's limits: with a batch-settlement voucher (depositing into the
/// channel first when its escrow runs short) or, when allowed, an <c>exact</c> transfer. A request is never paid more
/// than the price of the offer it accepted. The agent's state lives in an <see cref="X402Payer"/>, which handlers may
/// share.
/// </summary>
public sealed class X402PaymentHandler : DelegatingHandler
{
    private readonly bool _ownsPayer;

    /// <summary>A handler with its own <see cref="X402Payer"/>; the key stays the caller's to dispose.</summary>
    public X402PaymentHandler(
        PrivateKey authorizer, PayerOptions options, IPayerChannelStore? store = null, ISecp256k1? curve = null, TimeProvider? time = null)
        : this(new X402Payer(authorizer, options, store, curve, time)) => _ownsPayer = true;

    /// <summary>A handler for a shared agent (what <c>AddX402Payment</c> registers).</summary>
    public X402PaymentHandler(X402Payer payer)
    {
        ArgumentNullException.ThrowIfNull(payer);
        Payer = payer;
    }

    public X402Payer Payer { get; }

    /// <summary>What this agent spent (request prices it agreed to pay) in the current UTC hour and day.</summary>
    public (UInt128 Hour, UInt128 Day) Spent => Payer.Spent;

    /// <summary>Takes back unspent escrow from the payee of <paramref name="resource"/>, through this handler's inner pipeline.</summary>
    /// <inheritdoc cref="X402Payer.RefundAsync(HttpMessageInvoker, Uri, UInt128?, CancellationToken)" path="/exception"/>
    public Task<IReadOnlyList<ChannelRefund>> RefundAsync(Uri resource, UInt128? amount = null, CancellationToken cancellationToken = default) =>
        Payer.RefundAsync(SendOnAsync, resource, amount, cancellationToken);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (X402RequestOptions.IsPassThrough(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // Buffer the body once: the request is sent again with the payment.
        var buffered = await BufferedRequest.ReadAsync(request, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.PaymentRequired
            ? await Payer.AnswerAsync(response, buffered, SendOnAsync, cancellationToken)
            : response;
    }

    private Task<HttpResponseMessage> SendOnAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsPayer)
        {
            Payer.Dispose();
        }

        base.Dispose(disposing);
    }
}
