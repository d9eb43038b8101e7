namespace Billing.X402.Tests.Errors;

public sealed class X402ResultTests
{
    [Fact]
    public void Default_result_is_a_failure_not_a_null_success()
    {
        X402Result<string> unassigned = default;

        Assert.False(unassigned.IsSuccess);
        Assert.NotNull(unassigned.Error);
        Assert.Throws<X402ProtocolException>(() => unassigned.Value);
    }

    [Fact]
    public void Success_and_failure_expose_only_their_side()
    {
        X402Result<string> ok = "value";
        X402Result<string> failed = new X402Error(X402ErrorReasons.InvalidScheme, "nope");

        Assert.True(ok.TryGetValue(out var value, out var none));
        Assert.Equal("value", value);
        Assert.Null(none);
        Assert.False(failed.TryGetValue(out _, out var error));
        Assert.Equal(X402ErrorReasons.InvalidScheme, error!.Reason);
        Assert.Equal("invalid_scheme: nope", error.ToString());
    }

    [Fact]
    public void Error_needs_a_reason()
    {
        Assert.Throws<ArgumentException>(() => new X402Error("", "message"));
    }
}
