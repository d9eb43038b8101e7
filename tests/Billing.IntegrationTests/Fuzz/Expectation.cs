namespace Billing.IntegrationTests.Fuzz;

/// <summary>What a fuzz case may legitimately achieve, and so which answers are bugs.</summary>
internal enum Expectation
{
    /// <summary>Must be refused with a 4xx and an x402 reason: a 200 is a server bug.</summary>
    Refused,

    /// <summary>
    /// Still a valid payment (an unknown field, another key order, a payment identifier). May be charged (200), or refused
    /// only for the channel's state (busy, out of step) or an identifier conflict; a 400 is a server bug.
    /// </summary>
    Payable,

    /// <summary>
    /// Random edits whose effect nobody can tell in advance: any 4xx is fine, and a 200 only when the payment the server
    /// accepted is verifiably a payment the contract will honour.
    /// </summary>
    Unknown,
}
