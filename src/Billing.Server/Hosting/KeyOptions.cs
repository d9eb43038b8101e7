namespace Billing.Server.Hosting;

/// <summary>
/// Where the server's keys come from: an environment variable or a key file readable only by the server's user. The key
/// material itself never enters configuration, logs or API answers.
/// </summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>Environment variable holding the receiver authorizer's private key (hex).</summary>
    public string ReceiverAuthorizerKeyVariable { get; set; } = "BILLING_RECEIVER_AUTHORIZER_KEY";

    /// <summary>Alternatively, a file holding it.</summary>
    public string? ReceiverAuthorizerKeyFile { get; set; }

    /// <summary>
    /// Environment variable holding the key that sends settlement's claim and settle transactions (hex). Optional: without
    /// it (and without <see cref="TransactionSenderKeyFile"/>) the receiver authorizer's key sends them.
    /// </summary>
    public string TransactionSenderKeyVariable { get; set; } = "BILLING_TRANSACTION_SENDER_KEY";

    /// <summary>Alternatively, a file holding it.</summary>
    public string? TransactionSenderKeyFile { get; set; }
}
