using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.IntegrationTests.Fixtures;

/// <summary>The channel config as a payer writes it on the wire, for tests that build payloads by hand.</summary>
public static class WireConfigs
{
    public static WireChannelConfig From(EvmChannelConfig config) => new()
    {
        Payer = config.Payer.ToString(),
        PayerAuthorizer = config.PayerAuthorizer.ToString(),
        Receiver = config.Receiver.ToString(),
        ReceiverAuthorizer = config.ReceiverAuthorizer.ToString(),
        Token = config.Token.ToString(),
        WithdrawDelay = (long)config.WithdrawDelay,
        Salt = config.Salt.ToString(),
    };
}
