using System.Text.Json;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Wire;

namespace Billing.Client.Tests.Payments;

/// <summary>Offers as a payee on chain 31337 would make them.</summary>
internal static class TestOffers
{
    public const ulong ChainId = 31337;
    public const string Network = "eip155:31337";
    public const string TokenName = "Test USD";
    public const string TokenVersion = "2";
    public const int MaxTimeoutSeconds = 300;

    public static readonly Address Asset = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    public static readonly Address PayTo = Address.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    public static readonly Address ReceiverAuthorizer = Address.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    public static readonly Address Collector = Address.Parse("0x00000000000000000000000000000000000c0113");

    public static PaymentRequirements Exact(UInt128 price, bool withDomain = true) => new()
    {
        Scheme = ExactScheme.Name,
        Network = Network,
        Amount = price.ToString(),
        Asset = Asset.ToString(),
        PayTo = PayTo.ToString(),
        MaxTimeoutSeconds = MaxTimeoutSeconds,
        Extra = withDomain
            ? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["name"] = TokenName, ["version"] = TokenVersion })
            : JsonSerializer.SerializeToElement(new Dictionary<string, string>()),
    };

    public static PaymentRequirements Channel(UInt128 price, UInt128? minDeposit = null, BatchSettlementRequirementsExtra? extra = null) => new()
    {
        Scheme = BatchSettlementScheme.Name,
        Network = Network,
        Amount = price.ToString(),
        Asset = Asset.ToString(),
        PayTo = PayTo.ToString(),
        MaxTimeoutSeconds = MaxTimeoutSeconds,
        Extra = BatchSettlementExtra.ToJsonElement(extra ?? ChannelExtra(minDeposit)),
    };

    public static BatchSettlementRequirementsExtra ChannelExtra(UInt128? minDeposit = null) => new()
    {
        ReceiverAuthorizer = ReceiverAuthorizer.ToString(),
        WithdrawDelay = 900,
        Name = TokenName,
        Version = TokenVersion,
        MinDeposit = minDeposit?.ToString(),
    };

    public static PaymentRequired Required(params PaymentRequirements[] accepts) => Required(null, accepts);

    public static PaymentRequired Required(string? error, params PaymentRequirements[] accepts) => new()
    {
        X402Version = 2,
        Error = error,
        Resource = new ResourceInfo { Url = "/v1/fortune" },
        Accepts = accepts,
    };

    public static PayerOptions Options(UInt128 perRequest, ExactSchemeUse exact = ExactSchemeUse.WhenNoChannelOffer) => new()
    {
        Limits = new SpendLimits { PerRequest = perRequest, AllowedAssets = [Asset.ToString()], AllowedNetworks = [Network] },
        Exact = exact,
        Erc3009DepositCollector = Collector,
    };
}
