namespace Billing.IntegrationTests.Fuzz;

/// <summary>One PAYMENT-SIGNATURE value to send: which base and mutation made it, and what it may achieve.</summary>
internal sealed record FuzzCase(string Base, string Mutation, Expectation Expectation, string Header)
{
    /// <summary>Enough of the case to reproduce it by hand from a failure report.</summary>
    public string Describe() =>
        $"{Mutation} of {Base} ({Expectation}), {Header.Length} chars: {(Header.Length <= 400 ? Header : Header[..400] + "...")}";
}
