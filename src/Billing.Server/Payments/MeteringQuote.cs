namespace Billing.Server.Payments;

/// <summary>A metered request's price ceiling and the exchange that meters it, or why the request cannot be priced.</summary>
public sealed class MeteringQuote
{
    private MeteringQuote(MeteredExchange? exchange, int status, string? problem)
    {
        Exchange = exchange;
        Status = status;
        Problem = problem;
    }

    /// <summary>Null when the request was refused before payment.</summary>
    public MeteredExchange? Exchange { get; }

    /// <summary>The HTTP status of a refusal (400 for a body that cannot be priced, 413 for one too large).</summary>
    public int Status { get; }

    public string? Problem { get; }

    public static MeteringQuote Priced(MeteredExchange exchange) =>
        new(exchange ?? throw new ArgumentNullException(nameof(exchange)), StatusCodes.Status200OK, null);

    public static MeteringQuote Refused(int status, string problem) => new(null, status, problem);

    /// <summary>Answers a refused quote: nothing was offered, so there is nothing to pay.</summary>
    public Task RefuseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new Dictionary<string, string?>
        {
            ["error"] = "unpriceable_request",
            ["message"] = Problem,
        });
    }
}
