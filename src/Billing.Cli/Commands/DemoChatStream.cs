using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Billing.X402.Http;

namespace Billing.Cli.Commands;

/// <summary>
/// One paid, streamed chat completion through the gateway, read as it arrives: each token is printed the moment its
/// event comes in; the final usage chunk and the <c>x402-charge</c> comment are kept for the charge line.
/// </summary>
internal static class DemoChatStream
{
    public static async Task<DemoStreamUsage> StreamAsync(HttpClient agent, string prompt, int maxTokens, TextWriter output, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = "demo",
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["max_tokens"] = maxTokens,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(DemoGateway.ChatPath, UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await agent.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        JsonNode? usage = null;
        UInt128? charged = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(StreamChargeEvent.CommentPrefix, StringComparison.Ordinal))
            {
                var charge = JsonNode.Parse(line[StreamChargeEvent.CommentPrefix.Length..])!;
                charged = UInt128.Parse((string)charge[StreamChargeEvent.ChargedAmount]!, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                var data = JsonNode.Parse(line["data: ".Length..])!;
                if (data["choices"] is JsonArray { Count: > 0 } choices && choices[0]?["delta"]?["content"] is JsonValue piece)
                {
                    await output.WriteAsync(piece.GetValue<string>());
                    await output.FlushAsync(cancellationToken);
                }

                usage = data["usage"] ?? usage;
            }
        }

        await output.WriteLineAsync();
        if (usage is null || charged is null)
        {
            throw new InvalidDataException("The stream ended without its usage chunk or its x402-charge comment.");
        }

        return new DemoStreamUsage(
            (ulong)usage["prompt_tokens"]!, (ulong?)usage["prompt_tokens_details"]?["cached_tokens"] ?? 0, (ulong)usage["completion_tokens"]!, charged.Value);
    }
}
