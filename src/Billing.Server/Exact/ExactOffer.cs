using Billing.Evm;
using Billing.Evm.Eip712;
using Billing.X402.Wire;

namespace Billing.Server.Exact;

/// <summary>One <c>exact</c> offer: the wire form, and the parsed values a payment is checked against.</summary>
public sealed record ExactOffer(UInt128 Price, PaymentRequirements Requirements, Address PayTo, Address Asset, Eip712Domain TokenDomain);
