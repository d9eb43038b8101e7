using Billing.Core.Pricing;

namespace Billing.Server.Gateway;

/// <summary>The gateway's configuration and the price book built from it, registered once at start.</summary>
public sealed record GatewayPrices(GatewayOptions Options, PriceBook Book);
