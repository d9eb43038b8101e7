using System.Text;
using System.Text.Json;

namespace Billing.X402.Tests;

/// <summary>
/// Realistic wire messages, hand-written from the shapes the reference x402 client and server produce (field order as
/// the reference client writes it). Addresses are anvil's well-known development accounts and Base Sepolia USDC.
/// </summary>
internal static class Samples
{
    public const string Payer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    public const string Receiver = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    public const string ReceiverAuthorizer = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    public const string Token = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
    public const string ChannelId = "0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce";
    public const string ZeroSalt = "0x0000000000000000000000000000000000000000000000000000000000000000";
    public const string DepositSalt = "0x9c2f1d4e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";
    public const string VoucherSignature =
        "0x4f8a6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f1b";
    public const string DepositSignature =
        "0x8b1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f07a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b1c";

    private const string ChannelConfigJson =
        """
        {"payer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","payerAuthorizer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","receiver":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","withdrawDelay":900,"salt":"0x0000000000000000000000000000000000000000000000000000000000000000"}
        """;

    public const string BatchOfferJson =
        """
        {"scheme":"batch-settlement","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":3600,"extra":{"name":"USDC","version":"2","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"minDeposit":"10000"}}
        """;

    public const string ExactOfferJson =
        """
        {"scheme":"exact","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}
        """;

    public const string ResourceJson =
        """{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"}""";

    /// <summary>The first paid request of an agent: opens the channel with an ERC-3009 deposit and the first voucher.</summary>
    public const string DepositPaymentJson =
        """
        {"x402Version":2,"payload":{"type":"deposit","channelConfig":{"payer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","payerAuthorizer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","receiver":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","withdrawDelay":900,"salt":"0x0000000000000000000000000000000000000000000000000000000000000000"},"voucher":{"channelId":"0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce","maxClaimableAmount":"1000","signature":"0x4f8a6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f1b"},"deposit":{"amount":"10000","authorization":{"erc3009Authorization":{"validAfter":"0","validBefore":"1767229200","salt":"0x9c2f1d4e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d","signature":"0x8b1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f07a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b1c"}}}},"accepted":{"scheme":"batch-settlement","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":3600,"extra":{"name":"USDC","version":"2","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"minDeposit":"10000"}},"resource":{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"},"extensions":{}}
        """;

    /// <summary>The hot path: a cumulative voucher on a funded channel.</summary>
    public const string VoucherPaymentJson =
        """
        {"x402Version":2,"payload":{"type":"voucher","channelConfig":{"payer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","payerAuthorizer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","receiver":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","withdrawDelay":900,"salt":"0x0000000000000000000000000000000000000000000000000000000000000000"},"voucher":{"channelId":"0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce","maxClaimableAmount":"2000","signature":"0x4f8a6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f1b"}},"accepted":{"scheme":"batch-settlement","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":3600,"extra":{"name":"USDC","version":"2","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"minDeposit":"10000"}},"resource":{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"},"extensions":{}}
        """;

    public const string RefundPaymentJson =
        """
        {"x402Version":2,"payload":{"type":"refund","channelConfig":{"payer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","payerAuthorizer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","receiver":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","withdrawDelay":900,"salt":"0x0000000000000000000000000000000000000000000000000000000000000000"},"voucher":{"channelId":"0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce","maxClaimableAmount":"2000","signature":"0x4f8a6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f1b"},"amount":"5000"},"accepted":{"scheme":"batch-settlement","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":3600,"extra":{"name":"USDC","version":"2","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"minDeposit":"10000"}},"resource":{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"}}
        """;

    public const string Permit2DepositPaymentJson =
        """
        {"x402Version":2,"payload":{"type":"deposit","channelConfig":{"payer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","payerAuthorizer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","receiver":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","withdrawDelay":900,"salt":"0x0000000000000000000000000000000000000000000000000000000000000000"},"voucher":{"channelId":"0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce","maxClaimableAmount":"1000","signature":"0x4f8a6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f1b"},"deposit":{"amount":"10000","authorization":{"permit2Authorization":{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","permitted":{"token":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","amount":"10000"},"spender":"0x4020425FAf3B746C082C2f942b4E5159887B0005","nonce":"73786976294838206464","deadline":"1767229200","witness":{"channelId":"0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce"},"signature":"0x8b1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f07a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b1c"}}}},"accepted":{"scheme":"batch-settlement","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":3600,"extra":{"name":"USDC","version":"2","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"minDeposit":"10000"}},"resource":{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"}}
        """;

    public const string ExactPaymentJson =
        """
        {"x402Version":2,"payload":{"signature":"0x8b1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f07a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b1c","authorization":{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","value":"1000","validAfter":"1767225000","validBefore":"1767225660","nonce":"0x9c2f1d4e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"}},"accepted":{"scheme":"exact","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}},"resource":{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"}}
        """;

    public const string PaymentRequiredJson =
        """
        {"x402Version":2,"error":"Payment required","resource":{"url":"https://inference.example/v1/chat/completions","description":"Chat completion","mimeType":"application/json"},"accepts":[{"scheme":"batch-settlement","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":3600,"extra":{"name":"USDC","version":"2","receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"minDeposit":"10000"}},{"scheme":"exact","network":"eip155:84532","amount":"1000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}],"extensions":{"payment-identifier":{"info":{"required":false},"schema":{"type":"object"}}}}
        """;

    public const string VoucherReceiptJson =
        """
        {"success":true,"payer":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","transaction":"","network":"eip155:84532","amount":"","extra":{"chargedAmount":"1000","channelState":{"channelId":"0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce","balance":"10000","totalClaimed":"0","withdrawRequestedAt":0,"refundNonce":"0","chargedCumulativeAmount":"2000"}}}
        """;

    public const string XPaymentJson =
        """
        {"x402Version":1,"scheme":"exact","network":"base-sepolia","payload":{"signature":"0x8b1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f07a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b1c","authorization":{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","value":"1000","validAfter":"1767225000","validBefore":"1767225660","nonce":"0x9c2f1d4e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"}}}
        """;

    public static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Replaces the first occurrence only, and fails loudly if the fragment is absent (a silent no-op would hide a broken test).</summary>
    public static string ReplaceOnce(string text, string fragment, string replacement)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"fragment not found: {fragment}");
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + fragment.Length));
    }
}
