using System.Numerics;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Server.Payments;
using Billing.X402;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Wire;

namespace Billing.Server.Exact;

/// <summary>
/// Checks an <c>exact</c> payment against the offer it answers, without sending anything: recipient, value, time
/// window and signature first (no I/O), then the chain (nonce unused, balance sufficient). The reasons are the
/// reference implementation's strings, which the official clients switch on. The payload's format was validated before.
/// </summary>
public sealed class ExactVerifier(ISecp256k1 curve, EthRpcClient rpc, TimeProvider time)
{
    /// <summary>The authorization must still have this long to run when we check it, as the reference requires.</summary>
    private static readonly TimeSpan MinimumValidity = TimeSpan.FromSeconds(6);

    /// <summary>Reads the payment's payload (malformed: HTTP 400) and checks it against <paramref name="offer"/>.</summary>
    public async Task<ExactVerification> VerifyAsync(PaymentPayload payment, ExactOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (!ExactPayloadReader.Read(payment.Payload).TryGetValue(out var payload, out var readError))
        {
            return ExactVerification.Malformed(readError);
        }

        var valid = ExactPayloadValidator.Validate(payload);
        return valid.IsValid ? await VerifyAsync(payload, offer, cancellationToken) : ExactVerification.Malformed(valid.Error);
    }

    private async Task<ExactVerification> VerifyAsync(ExactEvmPayload payload, ExactOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var wire = payload.Authorization;
        if (!Address.TryParse(wire.From, out var from) || !Address.TryParse(wire.To, out var to))
        {
            return ExactVerification.Refused(X402ErrorReasons.InvalidPayload, "authorization.from or .to has a bad EIP-55 checksum");
        }

        // Formats were validated with the payload; these parses cannot fail.
        DecimalString.TryParseUInt128(wire.Value, out var value);
        DecimalString.TryParseUInt256(wire.ValidAfter, out var validAfter);
        DecimalString.TryParseUInt256(wire.ValidBefore, out var validBefore);
        var nonce = Hash32.Parse(wire.Nonce);
        var signature = Hex.Decode(payload.Signature);

        if (to != offer.PayTo)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmRecipientMismatch, "authorization.to is not this offer's payTo");
        }

        if (value != offer.Price)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmAuthorizationValue, $"authorization.value must be exactly {offer.Price}");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (validBefore < now + (long)MinimumValidity.TotalSeconds)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmPayloadAuthorizationValidBefore, "the authorization has expired or expires too soon");
        }

        if (validAfter > now)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmPayloadAuthorizationValidAfter, "the authorization is not valid yet");
        }

        // Contract wallets (EIP-1271 / EIP-6492) sign with other lengths; only EOA payers are accepted.
        if (signature.Length != 65)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmSignature, "only 65-byte ECDSA signatures (EOA payers) are accepted");
        }

        var authorization = new Erc3009Authorization(from, to, value, validAfter, validBefore, nonce);
        var digest = Erc3009.TransferWithAuthorizationDigest(offer.TokenDomain, authorization);
        if (!curve.TryRecover(digest.AsSpan(), signature, out var signer) || signer != from)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmSignature, "the authorization is not signed by authorization.from in the token's EIP-712 domain");
        }

        return await CheckChainAsync(offer, authorization, cancellationToken) ?? ExactVerification.Valid(authorization, signature);
    }

    private async Task<ExactVerification?> CheckChainAsync(ExactOffer offer, Erc3009Authorization authorization, CancellationToken cancellationToken)
    {
        var token = new Erc20Token(rpc, offer.Asset);
        bool used;
        BigInteger balance;
        try
        {
            var state = token.AuthorizationStateAsync(authorization.From, authorization.Nonce, cancellationToken);
            var held = token.BalanceOfAsync(authorization.From, cancellationToken: cancellationToken);
            await Task.WhenAll(state, held);
            (used, balance) = (state.Result, held.Result);
        }
        catch (Exception ex) when (ChainReadFailures.IsUnavailable(ex))
        {
            return ExactVerification.Refused(X402ErrorReasons.UnexpectedVerifyError, "the token's state could not be read; retry");
        }

        if (used)
        {
            return ExactVerification.Refused(X402ErrorReasons.ExactEvmNonceAlreadyUsed, "this authorization's nonce was already used on chain");
        }

        return balance < authorization.Value
            ? ExactVerification.Refused(X402ErrorReasons.ExactEvmInsufficientBalance, "the payer holds less than the authorization's value")
            : null;
    }
}
