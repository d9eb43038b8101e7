using System.Text;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// A well-formed payment with real signatures that the mutations start from: its JSON, its header, and what it may
/// achieve unmutated (the next voucher of the funded channel is payable; a replayed deposit is not).
/// </summary>
internal sealed record BasePayment(string Name, PayloadKind Kind, Expectation Expectation, string Json)
{
    public string Header { get; } = Convert.ToBase64String(Encoding.UTF8.GetBytes(Json));

    public static BasePayment FromHeader(string name, PayloadKind kind, Expectation expectation, string header) =>
        new(name, kind, expectation, Encoding.UTF8.GetString(Convert.FromBase64String(header)));
}
