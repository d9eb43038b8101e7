using System.Text;
using System.Text.Json;
using Billing.X402.Json;
using CsCheck;

namespace Billing.X402.Tests.Json;

public sealed class JsonTextGuardTests
{
    [Fact]
    public void Guard_accepts_exactly_the_strings_the_runtime_can_read_back()
    {
        // Random mixes of escapes (including surrogate halves) and plain text: the oracle is whether
        // JsonElement.GetString() succeeds on the parsed document.
        var piece = Gen.OneOf(
            Gen.Const("a"),
            Gen.Const("\\\\"),
            Gen.Const("\\n"),
            Gen.Const("\\\""),
            Gen.Const("é"),
            Gen.Const("😀"),
            Gen.Int[0xD7F0, 0xE010].Select(unit => $"\\u{unit:X4}"),
            Gen.Int[0, 0xFFFF].Select(unit => $"\\u{unit:x4}"));

        piece.Array[0, 8].Sample(
            pieces =>
            {
                var json = Encoding.UTF8.GetBytes("{\"k\":\"" + string.Concat(pieces) + "\"}");

                bool readable;
                try
                {
                    using var document = JsonDocument.Parse(json);
                    _ = document.RootElement.GetProperty("k").GetString();
                    readable = true;
                }
                catch (InvalidOperationException)
                {
                    readable = false;
                }

                Assert.Equal(readable, JsonTextGuard.IsWellFormed(json));
            },
            iter: 20_000);
    }

    [Fact]
    public void Guard_refuses_invalid_utf8_and_truncated_escapes()
    {
        Assert.False(JsonTextGuard.IsWellFormed([(byte)'"', 0xC3, (byte)'"']));
        Assert.False(JsonTextGuard.IsWellFormed([(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'])); // UTF-8-encoded surrogate
        Assert.False(JsonTextGuard.IsWellFormed("\"\\u12\""u8));
        Assert.False(JsonTextGuard.IsWellFormed("\"\\"u8));
        Assert.True(JsonTextGuard.IsWellFormed("{\"k\":\"plain\"}"u8));
    }
}
