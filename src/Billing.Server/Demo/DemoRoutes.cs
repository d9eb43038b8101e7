using Billing.Server.Payments;

namespace Billing.Server.Demo;

/// <summary>A paid route for the demo and a newcomer's first curl: one fortune per payment.</summary>
public static class DemoRoutes
{
    private static readonly string[] Fortunes =
    [
        "A voucher signed is a promise kept.",
        "The cheapest transaction is the one you batch.",
        "Cumulative beats incremental.",
        "Round once, carry the rest.",
    ];

    public static IEndpointRouteBuilder MapDemoRoutes(this IEndpointRouteBuilder endpoints, UInt128 price)
    {
        // Each run answers with its own id, so a payer (or a test) can tell a stored answer from a second run.
        endpoints.MapGet("/v1/fortune", () => Results.Ok(new { id = "fortune_" + Guid.NewGuid().ToString("N"), fortune = Fortunes[Random.Shared.Next(Fortunes.Length)] }))
            .RequirePayment(price, "One fortune");
        endpoints.MapGet("/v1/fortune/once", () => Results.Ok(new { fortune = Fortunes[Random.Shared.Next(Fortunes.Length)] }))
            .RequirePayment(price, "One fortune, paid by a single ERC-3009 transfer", PaymentSchemes.Exact);
        return endpoints;
    }
}
