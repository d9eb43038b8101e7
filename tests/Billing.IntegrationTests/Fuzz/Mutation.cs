namespace Billing.IntegrationTests.Fuzz;

/// <summary>A named change to a base payment, with its parameters already drawn by a generator.</summary>
internal sealed record Mutation(string Name, Func<BasePayment, Mutated> Apply)
{
    public FuzzCase On(BasePayment payment)
    {
        var mutated = Apply(payment);

        // A mutation that happens to change nothing (a case flip of an address without letters) leaves the payment as it was.
        var expectation = mutated.Header == payment.Header ? payment.Expectation
            : payment.Expectation == Expectation.Refused ? Expectation.Refused
            : mutated.Effect;
        return new FuzzCase(payment.Name, Name, expectation, mutated.Header);
    }
}
