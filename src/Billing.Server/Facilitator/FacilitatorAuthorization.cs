namespace Billing.Server.Facilitator;

/// <summary>Refuses <c>/verify</c> and <c>/settle</c> with 401 unless the caller presents the configured bearer token.</summary>
internal sealed class FacilitatorAuthorization(FacilitatorAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!access.Admits(context.HttpContext.Request.Headers.Authorization.ToString()))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "unauthorized", message = "facilitator credential required" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
