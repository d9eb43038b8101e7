using System.Text.Json;

namespace Billing.X402.Matching;

/// <summary>
/// Deep equality of two JSON values that never throws, unlike <see cref="JsonElement.DeepEquals"/> (which throws on
/// number exponents beyond int range). Objects compare as unordered key sets; numbers are equal when spelled the same
/// or equal as decimals (<c>900</c> = <c>900.0</c>); a number that neither rule can settle counts as different, which
/// at worst refuses a match.
/// </summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        return left.ValueKind switch
        {
            JsonValueKind.Object => ObjectsEqual(left, right),
            JsonValueKind.Array => ArraysEqual(left, right),
            JsonValueKind.String => StringsEqual(left, right),
            JsonValueKind.Number => NumbersEqual(left, right),
            _ => true, // true, false, null: the kind is the value
        };
    }

    private static bool ObjectsEqual(JsonElement left, JsonElement right)
    {
        var count = 0;
        foreach (var property in left.EnumerateObject())
        {
            count++;
            if (!right.TryGetProperty(property.Name, out var other) || !AreEqual(property.Value, other))
            {
                return false;
            }
        }

        // Same size and every left key found on the right: with unique keys, the key sets are equal.
        var rightCount = 0;
        foreach (var unused in right.EnumerateObject())
        {
            rightCount++;
        }

        return count == rightCount;
    }

    private static bool ArraysEqual(JsonElement left, JsonElement right)
    {
        if (left.GetArrayLength() != right.GetArrayLength())
        {
            return false;
        }

        using var l = left.EnumerateArray();
        using var r = right.EnumerateArray();
        while (l.MoveNext() && r.MoveNext())
        {
            if (!AreEqual(l.Current, r.Current))
            {
                return false;
            }
        }

        return true;
    }

    private static bool StringsEqual(JsonElement left, JsonElement right)
    {
        try
        {
            return string.Equals(left.GetString(), right.GetString(), StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            // Only JSON that bypassed StrictJson can hold an unreadable string; it matches nothing.
            return false;
        }
    }

    private static bool NumbersEqual(JsonElement left, JsonElement right)
    {
        if (left.GetRawText().AsSpan().SequenceEqual(right.GetRawText()))
        {
            return true;
        }

        return left.TryGetDecimal(out var l) && right.TryGetDecimal(out var r) && l == r;
    }
}
