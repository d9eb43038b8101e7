using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// The CsCheck generator of PAYMENT-SIGNATURE values: a base payment (mostly the channel's next voucher, else one that
/// must be refused) under one mutation. Weights keep the cases that touch the chain (replayed deposits, refunds) to a
/// small share, so a run stays bounded by the server's CPU rather than by the node.
/// </summary>
internal static class PaymentCases
{
    private static readonly Mutation Unchanged = new("unchanged", p => new Mutated(p.Header, p.Expectation));

    public static Gen<FuzzCase> For(FuzzBasis basis)
    {
        var ladder = basis.Ladder;
        var refused = basis.RefusedBases.Select(b => (b.Weight, (IGen<BasePayment>)Gen.Const(b.Payment))).ToArray();
        var bases = Gen.Frequency([(refused.Sum(r => r.Weight) * 2, Gen.Int[0, VoucherLadder.Choices - 1].Select(ladder.Pick)), .. refused]);

        var fields = new FieldValueMutations(basis.Targets);
        (int Weight, Gen<Mutation> Mutation, bool AtRandom)[] catalogue =
        [
            (3, Gen.Const(Unchanged), false),
            (4, HeaderTextMutations.Truncated, false),
            (4, HeaderTextMutations.OutsideAlphabet, false),
            (2, HeaderTextMutations.Repadded, false),
            (4, HeaderTextMutations.RandomCharacters, true),
            (1, HeaderTextMutations.TwoValues, false),
            (4, HarmlessMutations.UnknownMember, false),
            (1, HarmlessMutations.ShallowNesting, false),
            (2, HarmlessMutations.Reordered, false),
            (1, HarmlessMutations.Indented, false),
            (2, HarmlessMutations.EscapedString, false),
            (3, JsonShapeMutations.LargeMember, false),
            (3, JsonShapeMutations.DeepNesting, false),
            (3, JsonShapeMutations.DuplicatedKey, false),
            (5, JsonShapeMutations.WrongType, false),
            (5, JsonShapeMutations.RandomBytes, true),
            (5, fields.NonCanonicalAmount, false),
            (5, fields.NonCanonicalHex, false),
            (2, fields.UpperCaseHex, false),
            (2, fields.LowerCaseAddress, false),
            (4, fields.BadChecksum, false),
            (5, fields.ForeignOffer, false),
            (4, fields.ForeignChannel, false),
            (2, SignatureMutations.WrongLength, false),
            (2, SignatureMutations.RandomSignature, false),
            (2, SignatureMutations.HighS, false),
            (2, SignatureMutations.VOutOfRange, false),
            (1, SignatureMutations.ZeroRorS, false),
            (2, SignatureMutations.OtherEncoding, false),
            (2, ExtensionMutations.SharedPaymentId, false),
            (2, ExtensionMutations.FreshPaymentId, false),
            (3, ExtensionMutations.MalformedPaymentId, false),
            (1, ExtensionMutations.EmptyPaymentId, false),
            (2, ExtensionMutations.Resource, false),
        ];
        var any = Gen.Frequency([.. catalogue.Select(m => (m.Weight, (IGen<Mutation>)m.Mutation))]);

        // A refund asks back a nonsense amount, and must stay that way: a random edit can turn "0" into "5", and a refund of
        // 5 units that the payer signed for is a genuine refund, which would move escrow. Refunds get the aimed mutations.
        var aimed = Gen.Frequency([.. catalogue.Where(m => !m.AtRandom).Select(m => (m.Weight, (IGen<Mutation>)m.Mutation))]);
        return Gen.Select(bases, any, aimed, (payment, mutation, safe) => (payment.Kind == PayloadKind.Refund ? safe : mutation).On(payment));
    }
}
