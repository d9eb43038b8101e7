using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Billing.Server.Operator;

/// <summary>Requires "Authorization: Bearer &lt;operator token&gt;" on every operator endpoint.</summary>
internal sealed class OperatorAuthorization(IOptions<OperatorOptions> options) : IEndpointFilter
{
    private readonly byte[]? _expected = options.Value.ResolveToken() is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (_expected is null
            || !header.StartsWith(scheme, StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..]), _expected))
        {
            return Results.Json(new { error = "unauthorized", message = "operator credential required" }, statusCode: 401);
        }

        return await next(context);
    }
}
