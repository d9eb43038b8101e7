namespace Billing.Evm.Transactions;

/// <summary>An EIP-2930 access list entry: an account and the storage slots a transaction pre-declares.</summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<Hash32> StorageKeys);
