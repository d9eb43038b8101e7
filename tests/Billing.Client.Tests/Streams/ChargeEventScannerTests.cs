using System.Text;
using Billing.Client.Streams;

namespace Billing.Client.Tests.Streams;

public sealed class ChargeEventScannerTests
{
    private const string Charge = """{"channelId":"0x01","chargedCumulativeAmount":"42","balance":"100"}""";

    private static readonly string Stream =
        "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
        + "event: other\ndata: {\"not\":\"a charge\"}\n\n"
        + $"event: x402-charge\r\ndata: {Charge}\r\n\r\n"
        + "data: [DONE]\n\n";

    [Fact]
    public void The_charge_event_is_found_wherever_the_stream_is_split()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var scanner = new ChargeEventScanner();
            var found = new List<string>();

            scanner.Scan(bytes.AsSpan(0, cut), found);
            scanner.Scan(bytes.AsSpan(cut), found);

            Assert.Equal([Charge], found);
        }
    }

    [Fact]
    public void The_charge_comment_is_found_wherever_the_stream_is_split()
    {
        var bytes = Encoding.UTF8.GetBytes(
            "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
            + ": keep-alive\n\n"
            + $": x402-cutoff {{\"reason\":\"price_ceiling\"}}\n\n"
            + $": x402-charge {Charge}\r\n\r\n"
            + "data: [DONE]\n\n");
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var scanner = new ChargeEventScanner();
            var found = new List<string>();

            scanner.Scan(bytes.AsSpan(0, cut), found);
            scanner.Scan(bytes.AsSpan(cut), found);

            Assert.Equal([Charge], found);
        }
    }

    [Fact]
    public void Comments_that_only_look_like_the_charge_give_nothing()
    {
        Assert.Empty(Scan($": x402-charged {Charge}\n\n:x402-charge{Charge}\n\ndata: : x402-charge {Charge}\n\n"));
        Assert.Empty(Scan($": x402-charge {new string('9', 10_000)}\n\n"));
    }

    [Fact]
    public void Data_before_the_event_name_and_over_several_lines_is_joined()
    {
        var found = Scan("data:{\"a\":\ndata: 1}\nevent:x402-charge\n\n");

        Assert.Equal(["{\"a\":\n1}"], found);
    }

    [Fact]
    public void Other_events_and_a_charge_event_without_its_blank_line_give_nothing()
    {
        Assert.Empty(Scan("event: x402-charged\ndata: {}\n\nevent: x402-cutoff\ndata: {}\n\n"));
        Assert.Empty(Scan($"event: x402-charge\ndata: {Charge}\n"));
    }

    [Fact]
    public void Huge_lines_are_passed_over_without_spoiling_the_charge_event_after_them()
    {
        var huge = new string('x', 100_000);

        var found = Scan($"data: {huge}\n\n: {huge}\n\nevent: x402-charge\ndata: {Charge}\n\n");

        Assert.Equal([Charge], found);
    }

    [Fact]
    public void A_charge_event_with_an_oversized_data_line_is_not_taken()
    {
        Assert.Empty(Scan($"event: x402-charge\ndata: {new string('9', 10_000)}\n\n"));
    }

    private static List<string> Scan(string text)
    {
        var found = new List<string>();
        new ChargeEventScanner().Scan(Encoding.UTF8.GetBytes(text), found);
        return found;
    }
}
