using Billing.LoadGenerator.Measurement;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// stream-tokens: metered SSE streaming through the inference gateway. The gateway is not in the server yet, so the
/// scenario reports itself unavailable rather than a number it did not measure.
/// </summary>
public static class StreamTokensScenario
{
    public const string Name = "stream-tokens";

    public static ScenarioResult Run() =>
        ScenarioResult.Unavailable(Name, "not available: the metering gateway (OpenAI-compatible reverse proxy) is not in Billing.Server yet");
}
