namespace Billing.IntegrationTests.Fuzz;

/// <summary>A mutation's output: the header, and what the mutation alone lets a valid payment still achieve.</summary>
internal readonly record struct Mutated(string Header, Expectation Effect);
