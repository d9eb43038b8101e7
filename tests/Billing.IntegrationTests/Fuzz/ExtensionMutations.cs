using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Mutations of the optional parts of a payment: the payment-identifier extension (valid, shared, malformed) and the
/// resource it names.
/// </summary>
internal static class ExtensionMutations
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /// <summary>A few identifiers shared by many cases, so one payment's identifier meets another payment (409).</summary>
    private static readonly string[] SharedIds = ["fuzz-shared-payment-0001", "fuzz-shared-payment-0002", "fuzz_shared_payment_0003"];

    private static readonly string[] MalformedExtensions =
    [
        """{"info":{"required":false,"id":"short"}}""",
        """{"info":{"required":false,"id":"has spaces and punctuation!"}}""",
        """{"info":{"required":false,"id":"ünïcödé-payment-identifier"}}""",
        "{\"info\":{\"required\":false,\"id\":\"" + new string('x', 129) + "\"}}",
        """{"info":{"required":false,"id":1234567890123456789}}""",
        """{"info":{"id":"missing-required-flag-0001"}}""",
        """{"info":null}""",
        """{}""",
        "\"fuzz-shared-payment-0001\"",
        "[]",
        "null",
        """{"info":{"required":"false","id":"string-required-flag-01"}}""",
    ];

    public static Gen<Mutation> SharedPaymentId { get; } =
        Gen.Int[0, SharedIds.Length - 1].Select(i => new Mutation("shared-payment-identifier", p =>
            WithExtension(p, $$$"""{"info":{"required":false,"id":"{{{SharedIds[i]}}}"}}""", Expectation.Payable)));

    public static Gen<Mutation> FreshPaymentId { get; } =
        Gen.Char[IdAlphabet].Array[16, 128].Select(id => new Mutation("fresh-payment-identifier", p =>
            WithExtension(p, $$$"""{"info":{"required":false,"id":"{{{new string(id)}}}"}}""", Expectation.Payable)));

    /// <summary>
    /// An identifier too short, too long, with characters outside [A-Za-z0-9_-], of the wrong type, or an extension
    /// without its info.
    /// </summary>
    public static Gen<Mutation> MalformedPaymentId { get; } =
        Gen.Int[0, MalformedExtensions.Length - 1].Select(i => new Mutation("malformed-payment-identifier", p =>
            WithExtension(p, MalformedExtensions[i], Expectation.Refused)));

    /// <summary>An extension that declares no identifier (id null, or the server's own schema echoed): no identifier, still payable.</summary>
    public static Gen<Mutation> EmptyPaymentId { get; } =
        Gen.OneOf(
                """{"info":{"required":false,"id":null}}""",
                """{"info":{"required":false},"schema":{"type":"object"}}""")
            .Select(extension => new Mutation("payment-identifier-without-id", p => WithExtension(p, extension, Expectation.Payable)));

    /// <summary>The resource described, correctly or with the wrong shape.</summary>
    public static Gen<Mutation> Resource { get; } =
        Gen.OneOf(
                ("""{"url":"/v1/fortune","description":"One fortune","mimeType":"application/json"}""", Expectation.Payable),
                ("""{"url":"https://elsewhere.example/x"}""", Expectation.Payable),
                ("""{"description":"no url"}""", Expectation.Refused),
                ("""{"url":42}""", Expectation.Refused),
                ("\"/v1/fortune\"", Expectation.Refused))
            .Select(resource => new Mutation("resource", p =>
                new Mutated(JsonSurgery.Header(JsonSurgery.WithRawMembers(JsonSurgery.Parse(p.Json), "", "\"resource\":" + resource.Item1)), resource.Item2)));

    private static Mutated WithExtension(BasePayment payment, string extension, Expectation effect)
    {
        var members = $"\"extensions\":{{\"payment-identifier\":{extension},\"x-other-extension\":{{\"anything\":[1,2,3]}}}}";
        return new Mutated(JsonSurgery.Header(JsonSurgery.WithRawMembers(JsonSurgery.Parse(payment.Json), "", members)), effect);
    }
}
