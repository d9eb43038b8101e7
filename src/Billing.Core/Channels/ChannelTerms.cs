namespace Billing.Core.Channels;

/// <summary>
/// The channel's fixed on-chain configuration, as hex strings so the ledger stays free of EVM types. The channel id is the
/// EIP-712 hash of exactly these fields; the EVM layer checks that binding before anything reaches the ledger.
/// </summary>
public sealed record ChannelTerms(
    string Payer,
    string PayerAuthorizer,
    string Receiver,
    string ReceiverAuthorizer,
    string Token,
    ulong WithdrawDelay,
    string Salt);
