namespace Billing.Evm.Abi;

public enum RevertKind
{
    /// <summary>Revert without data (<c>revert()</c>, <c>require(cond)</c>, out of gas in a subcall).</summary>
    Empty,

    /// <summary><c>Error(string)</c> from <c>require(cond, "reason")</c>.</summary>
    Error,

    /// <summary><c>Panic(uint256)</c> from the compiler's checks (overflow, division by zero, assert, …).</summary>
    Panic,

    /// <summary>A custom error whose selector was among the known ones.</summary>
    Custom,

    /// <summary>Data we cannot attribute: an unknown selector or a malformed payload.</summary>
    Unknown,
}
