using System.Text;
using Billing.Server.Gateway;

namespace Billing.Server.Tests.Gateway;

public sealed class InferenceRequestTests
{
    [Fact]
    public void A_chat_request_gives_its_model_stream_flags_and_byte_length()
    {
        const string Body = """{"model":"llama-3","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hé"}]}""";

        var request = Read(Body);

        Assert.Equal("llama-3", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludesUsage);
        Assert.Null(request.MaxOutputTokens);
        Assert.Equal(1, request.Choices);
        Assert.Equal(Encoding.UTF8.GetByteCount(Body), request.ByteLength);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", false, false)]
    [InlineData("""{"stream":false,"stream_options":{"include_usage":true}}""", false, true)]
    [InlineData("""{"stream":true}""", true, false)]
    [InlineData("""{"stream":true,"stream_options":{"include_usage":false}}""", true, false)]
    [InlineData("""{"stream":"yes","stream_options":{"include_usage":"true"}}""", false, false)]
    [InlineData("""{"stream":true,"stream_options":null}""", true, false)]
    public void Stream_and_include_usage_are_true_only_when_set_to_json_true(string body, bool stream, bool includesUsage)
    {
        var request = Read(body);

        Assert.Equal(stream, request.Stream);
        Assert.Equal(includesUsage, request.IncludesUsage);
    }

    [Theory]
    [InlineData("""{"max_tokens":100}""", 100UL)]
    [InlineData("""{"max_completion_tokens":50}""", 50UL)]
    [InlineData("""{"max_tokens":100,"max_completion_tokens":50}""", 50UL)]
    [InlineData("""{"max_tokens":10,"max_completion_tokens":500}""", 500UL)]
    [InlineData("""{"max_tokens":18446744073709551615}""", ulong.MaxValue)]
    [InlineData("""{"max_tokens":null}""", null)]
    public void Max_completion_tokens_wins_over_max_tokens(string body, ulong? expected)
    {
        Assert.Equal(expected, Read(body).MaxOutputTokens);
    }

    [Theory]
    [InlineData("""{"n":3}""", 3)]
    [InlineData("""{"n":128}""", InferenceRequest.MaxChoices)]
    public void N_sets_the_choices(string body, int choices)
    {
        Assert.Equal(choices, Read(body).Choices);
    }

    [Fact]
    public void A_model_that_is_not_a_string_is_no_model()
    {
        Assert.Null(Read("""{"model":42}""").Model);
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("{\"model\":", "not JSON")]
    [InlineData("{\"model\":\"m\"} trailing", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("\"text\"", "not a JSON object")]
    [InlineData("null", "not a JSON object")]
    [InlineData("""{"max_tokens":-1}""", "max_tokens must be a non-negative integer")]
    [InlineData("""{"max_tokens":1.5}""", "max_tokens must be a non-negative integer")]
    [InlineData("""{"max_tokens":"100"}""", "max_tokens must be a non-negative integer")]
    [InlineData("""{"max_tokens":18446744073709551616}""", "max_tokens must be a non-negative integer")]
    [InlineData("""{"max_completion_tokens":[]}""", "max_completion_tokens must be a non-negative integer")]
    [InlineData("""{"n":0}""", "n must be between 1 and 128")]
    [InlineData("""{"n":129}""", "n must be between 1 and 128")]
    public void A_malformed_body_is_refused_with_its_problem_and_never_throws(string body, string problem)
    {
        var read = InferenceRequest.TryRead(Encoding.UTF8.GetBytes(body), out var request, out var reason);

        Assert.False(read);
        Assert.Null(request);
        Assert.Contains(problem, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_as_not_json()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        Assert.False(InferenceRequest.TryRead(Encoding.UTF8.GetBytes($$"""{"messages":{{deep}}}"""), out _, out var problem));
        Assert.Contains("not JSON", problem, StringComparison.Ordinal);
    }

    internal static InferenceRequest Read(string body)
    {
        Assert.True(InferenceRequest.TryRead(Encoding.UTF8.GetBytes(body), out var request, out var problem), problem);
        return request;
    }
}
