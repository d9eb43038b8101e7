namespace Billing.Server.Facilitator;

/// <summary>
/// Who may use this server's facilitator endpoints (<c>/verify</c>, <c>/settle</c>, <c>/supported</c>). Bound from
/// configuration section "Facilitator".
/// </summary>
/// <remarks>
/// <para>
/// These endpoints spend this server's gas (every deposit, claim, settle and refund is a transaction sent from the
/// receiver-authorizer key) and, for delegated channels, sign with that key. Open to everyone, they let anyone make us
/// pay for transactions; the signing is the dangerous part: a receiver-authorizer signature on a refund that leaves out
/// the claims of charged vouchers hands the payer back money the receiver earned, and a signed claim above the charged
/// total takes more from the payer than was charged.
/// </para>
/// <para>
/// So: without a <see cref="Token"/>, the endpoints are public but never sign — <c>/supported</c> advertises no
/// <c>receiverAuthorizer</c>, and claims or refunds must bring their own authorizer signature (deposits and settles need
/// none). With a token, every <c>/verify</c> and <c>/settle</c> must present <c>Authorization: Bearer &lt;token&gt;</c>,
/// and for those callers the facilitator signs claim batches and refunds of channels whose receiver authorizer is its key.
/// Give the token only to resource servers you trust with that key.
/// </para>
/// </remarks>
public sealed class FacilitatorOptions
{
    public const string Section = "Facilitator";

    /// <summary>
    /// Map the endpoints at all. Off unless set: they spend this server's gas, so they exist only where an operator
    /// decided they should, development hosts and local chains included.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The <c>payTo</c> addresses the facilitator verifies and settles for. Empty: only the server's own
    /// <c>Payment:PayTo</c>. <c>*</c>: any, for a facilitator that serves other resource servers on purpose.
    /// </summary>
    public string[] PayTo { get; set; } = [];

    /// <summary>The assets (token addresses) it verifies and settles. Empty: only <c>Payment:Asset</c>; <c>*</c>: any.</summary>
    public string[] Assets { get; set; } = [];

    /// <summary>
    /// Most gas one facilitator transaction may use. A call estimated above it is refused before it is sent, and no
    /// transaction is sent with a higher limit. The default covers a claim batch of about 60 channels.
    /// </summary>
    public ulong MaxGasPerTransaction { get; set; } = 1_200_000;

    /// <summary>The bearer token callers must present; see the remarks for what it unlocks.</summary>
    public string? Token { get; set; }

    /// <summary>Environment variable that holds the token when <see cref="Token"/> is not set.</summary>
    public string TokenVariable { get; set; } = "BILLING_FACILITATOR_TOKEN";

    public string? ResolveToken() =>
        !string.IsNullOrEmpty(Token) ? Token : Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
}
