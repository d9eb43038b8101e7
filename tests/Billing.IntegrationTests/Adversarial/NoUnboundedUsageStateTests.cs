using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Billing.Core.Metering;
using Billing.IntegrationTests.Fixtures;
using Billing.IntegrationTests.Gateway;
using Billing.Server.Gateway;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A payer names whatever model it likes on a route priced for every model (<c>*</c>): the channel's per-(day, model)
/// usage must not keep a huge name, nor one row per invented name, or its state (written with every charge) grows
/// without bound.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class NoUnboundedUsageStateTests(LocalChainFixture chain) : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayServer.StartAsync(chain);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_200_kb_model_name_is_refused_and_never_kept_in_the_channels_usage()
    {
        var channel = await chain.OpenChannelAsync(1_000_000, payerKeyIndex: 6);
        using var agent = GatewayRequests.PayingClient(chain, channel);
        var huge = new string('m', 200 * 1024);

        using var response = await agent.PostAsync(Url(), Chat(huge));
        await response.Content.ReadAsStringAsync();
        using var valid = await agent.PostAsync(Url(), Chat("demo"));

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        using var operatorApi = new OperatorClient(_gateway.Server);
        var rows = await operatorApi.UsageAsync(channel.Id);
        Assert.DoesNotContain(rows, row => row.Model.Length > InferenceRequest.MaxModelLength);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["demo"], rows.Select(row => row.Model));
    }

    [Fact]
    public async Task Invented_model_names_do_not_add_a_usage_row_each()
    {
        const int Names = UsageAggregate.MaxModelsPerPeriod + 4;
        var channel = await chain.OpenChannelAsync(1_000_000, payerKeyIndex: 6);
        using var agent = GatewayRequests.PayingClient(chain, channel);

        for (var i = 0; i < Names; i++)
        {
            using var response = await agent.PostAsync(Url(), Chat($"invented-{i}-{new string('x', 200)}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var operatorApi = new OperatorClient(_gateway.Server);
        var rows = await operatorApi.UsageAsync(channel.Id);
        Assert.True(rows.Count <= UsageAggregate.MaxModelsPerPeriod + 1, $"{rows.Count} usage rows for one day");
        Assert.Equal((ulong)Names, rows.Aggregate(0UL, (sum, row) => sum + row.Requests));
        Assert.Contains(rows, row => row.Model == UsageAggregate.OtherModels && row.Requests == 4);
    }

    private Uri Url() => new(_gateway.Server.BaseAddress, "/v1/chat/completions");

    private static StringContent Chat(string model)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 4,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hello" }),
        };
        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
