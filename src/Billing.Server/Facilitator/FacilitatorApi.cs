using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.Facilitator;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// The x402 facilitator endpoints for other resource servers — <c>GET /supported</c>, <c>POST /verify</c>,
/// <c>POST /settle</c> — with the request and reply shapes and error reasons of the reference facilitator
/// (<c>@x402/evm</c> 2.27.0, batch-settlement on this chain). Verdicts are HTTP 200 (<c>isValid</c>/<c>success</c>
/// false with a reason); 400 means the body is not a facilitator request at all, 401 a missing credential.
/// </summary>
/// <remarks>
/// These endpoints send transactions from, and pay gas with, the server's receiver-authorizer key, and may sign with it:
/// read <see cref="FacilitatorOptions"/> before exposing them beyond a local chain.
/// </remarks>
public static class FacilitatorApi
{
    private static readonly X402Error TooLarge =
        new(X402ErrorReasons.InvalidPayload, $"the body exceeds {FacilitatorRequestReader.MaxBodyBytes} bytes");

    public static IServiceCollection AddFacilitator(this IServiceCollection services)
    {
        services.AddOptions<FacilitatorOptions>().BindConfiguration(FacilitatorOptions.Section);
        services.AddSingleton<FacilitatorAccess>();

        // Also the voucher check of the deposit path the payment middleware shares with /settle.
        services.AddSingleton<VoucherSignatureCheck>();
        services.AddSingleton<FacilitatorRequestReader>();
        services.AddSingleton<ChannelBinding>();
        services.AddSingleton<ReceiverAuthorizerSignatures>();
        services.AddSingleton<ContractSubmission>();
        services.AddSingleton<VoucherClaims>();
        services.AddSingleton<ReceiverSweep>();
        services.AddSingleton<CooperativeRefunds>();
        services.AddSingleton<PaymentVerifier>();
        services.AddSingleton<PaymentSettler>();
        services.AddSingleton<SupportedKinds>();
        services.AddSingleton<ExactFacilitation>();
        return services;
    }

    /// <summary>Maps the endpoints when <see cref="FacilitatorOptions.Enabled"/> (or its default) says so.</summary>
    public static IEndpointRouteBuilder MapFacilitator(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<FacilitatorAccess>().IsEnabled)
        {
            return endpoints;
        }

        // Public even with a token: it names only the chain, the scheme and addresses every 402 already shows.
        endpoints.MapGet("/supported", (SupportedKinds kinds) => Results.Json(kinds.Response, X402JsonContext.Default.SupportedResponse));
        var guarded = endpoints.MapGroup("").AddEndpointFilter<FacilitatorAuthorization>();
        guarded.MapPost("/verify", VerifyAsync);
        guarded.MapPost("/settle", SettleAsync);
        return endpoints;
    }

    private static async Task<IResult> VerifyAsync(
        HttpContext context, FacilitatorRequestReader reader, FacilitatorAccess access, PaymentVerifier verifier, ExactFacilitation exact, ILoggerFactory loggers)
    {
        var body = await RequestBody.ReadAsync(context.Request, FacilitatorRequestReader.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Verdict(FacilitatorReplies.Invalid(TooLarge), StatusCodes.Status413PayloadTooLarge);
        }

        if (!FacilitatorRequestReader.ParseVerify(body).TryGetValue(out var parsed, out var malformed))
        {
            return Verdict(FacilitatorReplies.Invalid(malformed), StatusCodes.Status400BadRequest);
        }

        if (access.Refusal(parsed.PaymentRequirements) is { } notServed)
        {
            return Verdict(FacilitatorReplies.Invalid(notServed));
        }

        try
        {
            if (ExactFacilitation.Handles(parsed.PaymentRequirements))
            {
                return Verdict(await exact.VerifyAsync(parsed.X402Version, parsed.PaymentPayload, parsed.PaymentRequirements, context.RequestAborted));
            }

            return reader.Check(parsed).TryGetValue(out var request, out var refused)
                ? Verdict(await verifier.VerifyAsync(request, context.RequestAborted))
                : Verdict(FacilitatorReplies.Invalid(refused));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FacilitatorLog.Unexpected(loggers.CreateLogger(typeof(FacilitatorApi).FullName!), "verify", ex);
            return Verdict(
                FacilitatorReplies.Invalid(new X402Error(X402ErrorReasons.UnexpectedVerifyError, "the facilitator failed unexpectedly")),
                StatusCodes.Status500InternalServerError);
        }
    }

    private static async Task<IResult> SettleAsync(
        HttpContext context, FacilitatorRequestReader reader, FacilitatorAccess access, PaymentSettler settler, ExactFacilitation exact, ILoggerFactory loggers)
    {
        var body = await RequestBody.ReadAsync(context.Request, FacilitatorRequestReader.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Outcome(FacilitatorReplies.Failed(reader.Network, TooLarge), StatusCodes.Status413PayloadTooLarge);
        }

        if (!FacilitatorRequestReader.ParseSettle(body).TryGetValue(out var parsed, out var malformed))
        {
            return Outcome(FacilitatorReplies.Failed(reader.Network, malformed), StatusCodes.Status400BadRequest);
        }

        if (access.Refusal(parsed.PaymentRequirements) is { } notServed)
        {
            return Outcome(FacilitatorReplies.Failed(reader.Network, notServed));
        }

        try
        {
            if (ExactFacilitation.Handles(parsed.PaymentRequirements))
            {
                return Outcome(await exact.SettleAsync(parsed.X402Version, parsed.PaymentPayload, parsed.PaymentRequirements, context.RequestAborted));
            }

            return reader.Check(parsed).TryGetValue(out var request, out var refused)
                ? Outcome(await settler.SettleAsync(request, context.RequestAborted))
                : Outcome(FacilitatorReplies.Failed(reader.Network, refused));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FacilitatorLog.Unexpected(loggers.CreateLogger(typeof(FacilitatorApi).FullName!), "settle", ex);
            return Outcome(
                FacilitatorReplies.Failed(reader.Network, new X402Error(X402ErrorReasons.UnexpectedSettleError, "the facilitator failed unexpectedly")),
                StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult Verdict(VerifyResponse response, int status = StatusCodes.Status200OK) =>
        Results.Json(response, X402JsonContext.Default.VerifyResponse, statusCode: status);

    private static IResult Outcome(SettlementResponse response, int status = StatusCodes.Status200OK) =>
        Results.Json(response, X402JsonContext.Default.SettlementResponse, statusCode: status);
}
