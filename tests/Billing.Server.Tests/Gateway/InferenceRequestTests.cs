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
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":40}""", InferenceApi.Responses, true, "max_output_tokens")]
    [InlineData("""{"model":"m","input":"hi","max_tokens":40}""", InferenceApi.Responses, false, "max_output_tokens")]
    [InlineData("""{"model":"m","input":"hi"}""", InferenceApi.Responses, false, "max_output_tokens")]
    [InlineData("""{"model":"m","messages":[],"max_output_tokens":40}""", InferenceApi.Completions, false, "max_tokens")]
    [InlineData("""{"model":"m","messages":[],"max_tokens":40}""", InferenceApi.Completions, true, "max_tokens")]
    public void The_cap_every_server_of_the_api_reads_is_its_own_field(string body, InferenceApi api, bool hasCap, string capField)
    {
        Assert.True(InferenceRequest.TryRead(Encoding.UTF8.GetBytes(body), api, out var request, out var problem), problem);

        Assert.Equal(api, request.Api);
        Assert.Equal(hasCap, request.HasOpenAiOutputCap);
        Assert.Equal(capField, request.OpenAiOutputCapField);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", false, false)]
    [InlineData("""{"stream":false,"stream_options":{"include_usage":true}}""", false, true)]
    [InlineData("""{"stream":true}""", true, false)]
    [InlineData("""{"stream":true,"stream_options":{"include_usage":false}}""", true, false)]
    [InlineData("""{"stream":null}""", false, false)]
    [InlineData("""{"stream":true,"stream_options":{"include_usage":"true"}}""", true, false)]
    [InlineData("""{"stream":true,"stream_options":null}""", true, false)]
    public void Stream_and_include_usage_are_true_only_when_set_to_json_true(string body, bool stream, bool includesUsage)
    {
        var request = Read(body);

        Assert.Equal(stream, request.Stream);
        Assert.Equal(includesUsage, request.IncludesUsage);
    }

    [Theory]
    [InlineData("""{"max_tokens":100}""", 100UL, true)]
    [InlineData("""{"max_completion_tokens":50}""", 50UL, true)]
    [InlineData("""{"max_tokens":50,"max_completion_tokens":50}""", 50UL, true)]
    [InlineData("""{"max_output_tokens":70}""", 70UL, false)]
    [InlineData("""{"n_predict":80}""", 80UL, false)]
    [InlineData("""{"max_new_tokens":90}""", 90UL, false)]
    [InlineData("""{"parameters":{"max_new_tokens":90}}""", 90UL, false)]
    [InlineData("""{"options":{"num_predict":60}}""", 60UL, false)]
    [InlineData("""{"max_tokens":60,"n_predict":60,"options":{"num_predict":60}}""", 60UL, true)]
    [InlineData("""{"max_tokens":16777216}""", InferenceRequest.MaxOutputTokensPerChoice, true)]
    [InlineData("""{"max_tokens":null,"n_predict":null}""", null, false)]
    [InlineData("""{"options":"none","parameters":[]}""", null, false)]
    public void The_output_cap_is_the_one_value_every_length_field_agrees_on(string body, ulong? expected, bool openAiField)
    {
        var request = Read(body);

        Assert.Equal(expected, request.MaxOutputTokens);
        Assert.Equal(openAiField, request.HasOpenAiOutputCap);
    }

    [Theory]
    [InlineData("""{"n":3}""", 3)]
    [InlineData("""{"n":128}""", InferenceRequest.MaxChoices)]
    [InlineData("""{"best_of":4}""", 4)]
    [InlineData("""{"n":2,"best_of":5}""", 5)]
    [InlineData("""{"n":6,"best_of":5}""", 6)]
    public void The_choices_are_the_larger_of_n_and_best_of(string body, int choices)
    {
        Assert.Equal(choices, Read(body).Choices);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o"}""", "gpt-4o")]
    [InlineData("""{"model":"meta-llama/Llama-3.1-8B-Instruct"}""", "meta-llama/Llama-3.1-8B-Instruct")]
    [InlineData("""{"model":"hf.co/org/repo:Q4_K_M"}""", "hf.co/org/repo:Q4_K_M")]
    [InlineData("""{"model":null}""", null)]
    [InlineData("""{}""", null)]
    public void A_model_name_is_read_as_given(string body, string? model)
    {
        Assert.Equal(model, Read(body).Model);
    }

    [Fact]
    public void A_model_name_of_the_longest_length_is_accepted_and_one_longer_is_refused()
    {
        Assert.Equal(InferenceRequest.MaxModelLength, Read($$"""{"model":"{{new string('m', InferenceRequest.MaxModelLength)}}"}""").Model!.Length);
        Assert.False(InferenceRequest.TryRead(
            Encoding.UTF8.GetBytes($$"""{"model":"{{new string('m', InferenceRequest.MaxModelLength + 1)}}"}"""), out _, out var problem));
        Assert.Contains("model must be a name of 1 to 256", problem, StringComparison.Ordinal);
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
    [InlineData("""{"best_of":0}""", "best_of must be between 1 and 128")]
    [InlineData("""{"best_of":1000}""", "best_of must be between 1 and 128")]
    [InlineData("""{"stream":"true"}""", "stream must be true or false")]
    [InlineData("""{"stream":1}""", "stream must be true or false")]
    [InlineData("""{"stream":{}}""", "stream must be true or false")]
    [InlineData("""{"max_tokens":18446744073709551615}""", "max_tokens must be at most 16777216")]
    [InlineData("""{"max_tokens":16777217}""", "max_tokens must be at most 16777216")]
    [InlineData("""{"n_predict":-1}""", "n_predict must be a non-negative integer")]
    [InlineData("""{"options":{"num_predict":-2}}""", "options.num_predict must be a non-negative integer")]
    [InlineData("""{"max_tokens":5,"n_predict":200}""", "conflicting output limits: max_tokens is 5 but n_predict is 200")]
    [InlineData("""{"max_completion_tokens":5,"max_tokens":200}""", "conflicting output limits: max_completion_tokens is 5 but max_tokens is 200")]
    [InlineData("""{"max_tokens":5,"max_output_tokens":6}""", "conflicting output limits")]
    [InlineData("""{"max_tokens":5,"parameters":{"max_new_tokens":6}}""", "conflicting output limits")]
    [InlineData("""{"max_tokens":5,"max_tokens":200}""", "not JSON")]
    [InlineData("""{"model":42}""", "model must be a name")]
    [InlineData("""{"model":""}""", "model must be a name")]
    [InlineData("""{"model":"two words"}""", "model must be a name")]
    [InlineData("""{"model":"caf\u00e9"}""", "model must be a name")]
    [InlineData("""{"model":"a\nb"}""", "model must be a name")]
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
