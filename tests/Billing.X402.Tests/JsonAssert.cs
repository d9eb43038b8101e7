using System.Text.Json;

namespace Billing.X402.Tests;

internal static class JsonAssert
{
    /// <summary>Semantic JSON equality (property order and number spelling ignored), with both texts in the failure.</summary>
    public static void Equivalent(string expected, string actual)
    {
        using var left = JsonDocument.Parse(expected);
        using var right = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(left.RootElement, right.RootElement), $"expected {expected}{Environment.NewLine}actual   {actual}");
    }
}
