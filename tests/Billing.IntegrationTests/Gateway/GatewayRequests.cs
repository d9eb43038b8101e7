using System.Text;
using System.Text.Json.Nodes;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Formats;

namespace Billing.IntegrationTests.Gateway;

/// <summary>How the gateway tests talk to the gateway: the SDK on a channel's salt, OpenAI-style bodies, and the events of a stream.</summary>
internal static class GatewayRequests
{
    /// <summary>An agent paying with <paramref name="channel"/>, over <paramref name="transport"/> (a fresh handler when null).</summary>
    public static HttpClient PayingClient(LocalChainFixture chain, FundedChannel channel, HttpMessageHandler? transport = null)
    {
        var options = new PayerOptions
        {
            SettlementContract = Billing.Evm.Address.Parse(chain.Deployment.BatchSettlement),
            Limits = new SpendLimits { PerRequest = 1_000_000, AllowedAssets = [chain.Deployment.Token], AllowedNetworks = [Caip2.FormatEip155(chain.Deployment.ChainId)] },
            ChannelSalt = channel.Config.Salt,
        };
        return new HttpClient(new X402PaymentHandler(channel.Payer, options) { InnerHandler = transport ?? new SocketsHttpHandler() });
    }

    public static StringContent Chat(string prompt, int maxTokens, bool stream = false, bool includeUsage = false, string model = "demo")
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["max_tokens"] = maxTokens,
        };
        if (stream)
        {
            body["stream"] = true;
        }

        if (includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    public static async Task<List<ReceivedEvent>> ReadEventsAsync(HttpResponseMessage response) =>
        ParseEvents(await response.Content.ReadAsStringAsync());

    public static List<ReceivedEvent> ParseEvents(string text)
    {
        var events = new List<ReceivedEvent>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else if (line.StartsWith(": x402-", StringComparison.Ordinal) && line.IndexOf(' ', 2) is > 2 and var space)
                {
                    // The gateway's own lines (charge, cut-off) are comments that OpenAI clients skip: ": name {json}".
                    name = line[2..space];
                    data = line[(space + 1)..];
                }
            }

            events.Add(new ReceivedEvent(name, data ?? "", data is not null && data.StartsWith('{') ? JsonNode.Parse(data) as JsonObject : null));
        }

        return events;
    }
}

/// <summary>
/// One event of a received stream: its name (for the gateway's comment lines, the comment's first word), its raw data
/// and the data as JSON when it is an object.
/// </summary>
internal sealed record ReceivedEvent(string? Name, string Raw, JsonObject? Data);
