using Billing.Core.Pricing;

namespace Billing.Core.Metering;

/// <summary>A charge as committed: whole atomic units taken now, and the sub-unit remainder carried to the next commit.</summary>
/// <param name="AtomicCharged">Atomic units the channel is charged for this commit.</param>
/// <param name="NewRemainder">What is still owed below one atomic unit; always less than one atomic unit.</param>
public readonly record struct CommittedCharge(UInt128 AtomicCharged, SubUnits NewRemainder);
