using Yarp.ReverseProxy.Transforms;

namespace Billing.Server.Gateway;

/// <summary>
/// Hands a successful upstream answer to its request's <see cref="InferenceExchange"/> to be metered. Failures (no
/// answer, status 400 and above) pass through as the upstream sent them; the exchange charges nothing for them.
/// </summary>
public static class UsageResponseTransform
{
    public static ValueTask ApplyAsync(ResponseTransformContext transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (transform.ProxyResponse is not { } answer
            || (int)answer.StatusCode >= 400
            || transform.HttpContext.Features.Get<InferenceExchange>() is not { } exchange)
        {
            return ValueTask.CompletedTask;
        }

        return exchange.OnUpstreamAnswerAsync(transform);
    }
}
