namespace Billing.Server.Exact;

/// <summary>
/// Runs the paid handler with its output held in memory, because whether it may be sent depends on the settlement
/// that follows. A handler that throws or answers 400 or more releases the claim (nothing is sent, the authorization
/// stays unspent) and its own answer goes out unchanged.
/// </summary>
internal static class ExactHandlerRun
{
    /// <returns>The held successful answer, or null when the handler failed and its answer was already sent.</returns>
    public static async Task<HeldResponse?> RunAsync(HttpContext context, RequestDelegate next, Func<Task> release)
    {
        var response = context.Response;
        var originalBody = response.Body;
        var held = new MemoryStream();
        response.Body = held;
        try
        {
            await next(context);
        }
        catch
        {
            response.Body = originalBody;
            await held.DisposeAsync();
            await release();
            throw;
        }

        response.Body = originalBody;
        var answer = new HeldResponse(held);
        if (response.StatusCode < 400)
        {
            return answer;
        }

        await release();
        await answer.FlushAsync(context);
        return null;
    }
}
