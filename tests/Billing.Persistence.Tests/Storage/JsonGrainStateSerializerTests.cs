using System.Text;
using System.Text.Json;
using Billing.Persistence.Storage;
using Billing.Persistence.Tests.Grains;

namespace Billing.Persistence.Tests.Storage;

public sealed class JsonGrainStateSerializerTests
{
    private readonly JsonGrainStateSerializer _serializer = new();

    [Fact]
    public void Amounts_round_trip_exactly_as_plain_json_numbers()
    {
        var state = new LedgerProbeState { Committed = UInt128.MaxValue, Note = "max" };

        var payload = _serializer.Serialize(state);

        // Written as the integer itself: not a string, not a double that would round the low digits away.
        Assert.Contains($"\"committed\":{UInt128.MaxValue}", Encoding.UTF8.GetString(payload.ToArray()), StringComparison.Ordinal);
        var decoded = _serializer.Deserialize<LedgerProbeState>(payload);
        Assert.Equal(UInt128.MaxValue, decoded.Committed);
        Assert.Equal("max", decoded.Note);
    }

    [Fact]
    public void A_stored_null_is_a_typed_error_not_a_null_state()
    {
        Assert.Throws<JsonException>(() => _serializer.Deserialize<LedgerProbeState>(BinaryData.FromString("null")));
    }

    [Fact]
    public void A_quoted_amount_is_rejected_rather_than_coerced()
    {
        Assert.Throws<JsonException>(() =>
            _serializer.Deserialize<LedgerProbeState>(BinaryData.FromString("{\"committed\":\"12\",\"note\":\"\"}")));
    }
}
