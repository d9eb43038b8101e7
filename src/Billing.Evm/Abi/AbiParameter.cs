namespace Billing.Evm.Abi;

/// <summary>One parameter of a function, event or error: its type, its name (may be empty), and for events whether it is indexed.</summary>
public sealed record AbiParameter(AbiType Type, string Name = "", bool Indexed = false);
