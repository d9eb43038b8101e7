namespace Billing.Evm.Rpc;

/// <summary>
/// Who hands out one account's nonces. Every process that sends from the account must go through the same authority:
/// two senders that each count nonces on their own sign different transactions with the same nonce, and the node keeps
/// one (or replaces one with the other), so a request waits for a transaction that will never be mined.
/// </summary>
public interface INonceAuthority
{
    /// <summary>Waits until no one else holds the account's nonce, then holds it until the lease is disposed.</summary>
    ValueTask<NonceLease> AcquireAsync(CancellationToken cancellationToken);
}
