using System.Text.Json;
using Billing.Core.Pricing;

namespace Billing.Server.Gateway;

/// <summary>
/// Reads an OpenAI-style <c>usage</c> object: <c>prompt_tokens</c> (including
/// <c>prompt_tokens_details.cached_tokens</c>) and <c>completion_tokens</c> (including
/// <c>completion_tokens_details.reasoning_tokens</c>), split so that no token is billed twice; or the Responses API's
/// <c>input_tokens</c>, <c>input_tokens_details.cached_tokens</c>, <c>output_tokens</c> and
/// <c>output_tokens_details.reasoning_tokens</c>, with the same meaning.
/// </summary>
public static class ReportedUsage
{
    /// <summary>False when the element is not a usage object, or its parts exceed its totals.</summary>
    public static bool TryRead(JsonElement usage, out UsageQuantities quantities)
    {
        quantities = default;
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var (input, inputDetails, output, outputDetails) = usage.TryGetProperty("prompt_tokens", out _) || !usage.TryGetProperty("input_tokens", out _)
            ? ("prompt_tokens", "prompt_tokens_details", "completion_tokens", "completion_tokens_details")
            : ("input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details");
        if (!TryCount(usage, input, out var prompt)
            || !TryCount(usage, output, out var completion)
            || !TryCount(Details(usage, inputDetails), "cached_tokens", out var cached)
            || !TryCount(Details(usage, outputDetails), "reasoning_tokens", out var reasoning))
        {
            return false;
        }

        try
        {
            quantities = UsageQuantities.FromInclusiveCounts(prompt, cached, 0, completion, reasoning);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The usage object of a response or stream chunk, when it has a non-null one.</summary>
    public static bool TryFind(JsonElement root, out JsonElement usage)
    {
        usage = default;
        return root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("usage", out usage)
            && usage.ValueKind == JsonValueKind.Object;
    }

    private static JsonElement Details(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var details) ? details : default;

    /// <summary>An absent (or null) count is zero; a present one must be a non-negative integer.</summary>
    private static bool TryCount(JsonElement parent, string name, out ulong count)
    {
        count = 0;
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out count);
    }
}
