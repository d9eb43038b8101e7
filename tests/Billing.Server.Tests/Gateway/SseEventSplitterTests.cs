using System.Text;
using Billing.Server.Gateway;
using CsCheck;

namespace Billing.Server.Tests.Gateway;

public sealed class SseEventSplitterTests
{
    private const int Limit = 64 * 1024;

    [Fact]
    public void Events_split_across_reads_at_every_byte_position_come_out_whole_and_in_order()
    {
        var events = new[]
        {
            "data: {\"choices\":[{\"delta\":{\"content\":\"hé\"}}]}\n\n",
            ": keep-alive comment\n\n",
            "event: x402-charge\r\ndata: {\"chargedAmount\":\"12\"}\r\n\r\n",
            "data: [DONE]\n\n",
        };
        var stream = Encoding.UTF8.GetBytes(string.Concat(events));

        for (var first = 0; first <= stream.Length; first++)
        {
            for (var second = first; second <= stream.Length; second++)
            {
                var taken = Split(stream, [first, second]);
                Assert.Equal(events, taken);
            }
        }
    }

    [Fact]
    public void Any_split_of_any_stream_gives_the_same_events()
    {
        var line = Gen.Select(Gen.OneOf<string>("data: ", "data:", "event: ", ": ", "id: "), Gen.String[Gen.Char.AlphaNumeric, 0, 40])
            .Select((field, value) => field + value);
        var newline = Gen.OneOf<string>("\n", "\r\n");
        var rawEvent = Gen.Select(line.Array[1, 5], newline)
            .Select((lines, eol) => string.Concat(lines.Select(l => l + eol)) + eol);
        var scenario = Gen.Select(rawEvent.Array[0, 12], Gen.Int[0, 1_000].Array[0, 10]);

        scenario.Sample((events, cuts) =>
        {
            var stream = Encoding.UTF8.GetBytes(string.Concat(events));
            var positions = cuts.Select(c => c % (stream.Length + 1)).Order().ToArray();
            return Split(stream, positions).SequenceEqual(events);
        });
    }

    [Fact]
    public void Multi_line_data_is_joined_with_newlines_and_comments_are_not_data()
    {
        using var splitter = new SseEventSplitter(Limit);
        splitter.Append(Encoding.UTF8.GetBytes(": a comment\nevent: note\ndata: first\ndata:second\r\ndata:  third\n\n"));

        Assert.True(splitter.TryTake(out var raw));
        var parsed = SseEvent.Parse(raw);

        Assert.Equal("note", parsed.Name);
        Assert.Equal("first\nsecond\n third", Encoding.UTF8.GetString(parsed.Data!.Value.Span));
        Assert.False(parsed.IsDone);
    }

    [Fact]
    public void An_event_without_its_blank_line_is_not_taken_and_stays_as_the_remainder()
    {
        using var splitter = new SseEventSplitter(Limit);
        splitter.Append("data: [DONE]\n"u8);

        Assert.False(splitter.TryTake(out _));
        Assert.Equal("data: [DONE]\n", Encoding.UTF8.GetString(splitter.Remainder));

        splitter.Append("\n"u8);
        Assert.True(splitter.TryTake(out var raw));
        Assert.True(SseEvent.Parse(raw).IsDone);
        Assert.True(splitter.Remainder.IsEmpty);
    }

    [Fact]
    public void A_huge_event_up_to_the_limit_passes_and_one_beyond_it_is_refused_instead_of_buffered()
    {
        var body = new string('x', Limit - "data: \n\n".Length);
        var atLimit = Encoding.UTF8.GetBytes($"data: {body}\n\n");
        Assert.Equal(Limit, atLimit.Length);
        Assert.Equal([Encoding.UTF8.GetString(atLimit)], Split(atLimit, [Limit - 1]));

        using var splitter = new SseEventSplitter(Limit);
        splitter.Append(atLimit.AsSpan(0, Limit - 1));
        splitter.Append("xx"u8);
        Assert.Throws<InvalidDataException>(() => splitter.TryTake(out _));
    }

    private static List<string> Split(byte[] stream, IReadOnlyList<int> cuts)
    {
        using var splitter = new SseEventSplitter(Limit);
        var taken = new List<string>();
        var start = 0;
        foreach (var cut in cuts.Append(stream.Length))
        {
            splitter.Append(stream.AsSpan(start, cut - start));
            start = cut;
            while (splitter.TryTake(out var raw))
            {
                taken.Add(Encoding.UTF8.GetString(raw.Span));
            }
        }

        Assert.True(splitter.Remainder.IsEmpty, "a whole stream leaves nothing behind");
        return taken;
    }
}
