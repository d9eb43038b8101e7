namespace Billing.Server.Gateway;

/// <summary>The OpenAI-compatible API a gateway request speaks: it decides the output cap field and the stream's events.</summary>
public enum InferenceApi
{
    /// <summary>Chat and legacy completions, embeddings: <c>max_tokens</c>, data-only chunks, <c>usage</c>, <c>[DONE]</c>.</summary>
    Completions,

    /// <summary>
    /// The Responses API (<c>/v1/responses</c>): <c>max_output_tokens</c>, typed events, the usage in
    /// <c>response.completed</c>, no <c>[DONE]</c>.
    /// </summary>
    Responses,
}
