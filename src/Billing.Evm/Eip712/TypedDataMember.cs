namespace Billing.Evm.Eip712;

/// <summary>One field of an EIP-712 struct type, e.g. <c>{ "name": "wallet", "type": "address" }</c>.</summary>
public sealed record TypedDataMember(string Name, string Type);
