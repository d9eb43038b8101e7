namespace Billing.Server.Operator;

/// <summary>The operator API's credential. Bound from configuration section "Operator".</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>Environment variable holding the bearer token operators present. Without it the operator API answers 401.</summary>
    public string TokenVariable { get; set; } = "BILLING_OPERATOR_TOKEN";

    /// <summary>Alternatively the token itself, for local runs (the demo generates one).</summary>
    public string? Token { get; set; }

    public string? ResolveToken() =>
        !string.IsNullOrEmpty(Token) ? Token : Environment.GetEnvironmentVariable(TokenVariable);
}
