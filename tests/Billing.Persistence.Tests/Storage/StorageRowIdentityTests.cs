using Billing.Persistence.Storage;
using Orleans.Runtime;

namespace Billing.Persistence.Tests.Storage;

public sealed class StorageRowIdentityTests
{
    [Fact]
    public void State_type_names_the_grain_type_before_the_state_name()
    {
        var grain = GrainId.Create("channel", "0xab");

        Assert.Equal("channel/channel-ledger", StorageRowIdentity.StateType("channel-ledger", grain));
    }

    [Fact]
    public void Generic_grain_types_are_refused_rather_than_mangled()
    {
        var grain = GrainId.Create("ledger`1[[System.String]]", "0xab");

        Assert.Throws<NotSupportedException>(() => StorageRowIdentity.StateType("state", grain));
    }

    [Theory]
    [InlineData("020235")]
    [InlineData("4D2")] // how Orleans writes the integer key 1234
    [InlineData("0000000000000000000000000000000a")] // how Orleans writes a GUID key
    [InlineData("a+b")] // '+' separates a key extension in Orleans keys
    [InlineData("0xab")]
    public void Keys_become_prefixed_strings_that_no_integer_or_guid_parser_accepts(string key)
    {
        var verbatim = StorageRowIdentity.VerbatimKey(GrainId.Create("channel", key));

        Assert.Equal($"key:{key}", verbatim.Key.ToString());
        Assert.Equal("channel", verbatim.Type.ToString());
        Assert.False(verbatim.TryGetIntegerKey(out _, out _));
        Assert.False(verbatim.TryGetGuidKey(out _, out _));
    }
}
