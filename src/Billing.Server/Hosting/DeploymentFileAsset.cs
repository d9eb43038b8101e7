using Billing.Grains.Chain;
using Billing.Server.Payments;
using Microsoft.Extensions.Options;

namespace Billing.Server.Hosting;

/// <summary>Takes the payment asset from the deployment file when Payment:Asset is not configured.</summary>
internal sealed class DeploymentFileAsset(IOptions<ChainOptions> chain) : IPostConfigureOptions<PaymentOptions>
{
    public void PostConfigure(string? name, PaymentOptions options)
    {
        if (!string.IsNullOrEmpty(options.Asset) || DeploymentFile.Read(chain.Value.DeploymentFile) is not { } deployment)
        {
            return;
        }

        options.Asset = deployment.GetProperty("token").GetString() ?? "";
        options.AssetName = deployment.GetProperty("tokenName").GetString() ?? options.AssetName;
        options.AssetVersion = deployment.GetProperty("tokenVersion").GetString() ?? options.AssetVersion;
    }
}
