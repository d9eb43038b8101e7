using System.Globalization;
using Billing.Server.Reconciliation;

namespace Billing.IntegrationTests.Reconciliation;

/// <summary>The CSV ledger format on its own: fields that need quoting survive a round trip through an RFC 4180 reader.</summary>
public sealed class LedgerCsvTests
{
    [Fact]
    public async Task Fields_with_commas_quotes_and_line_breaks_are_quoted_and_read_back_unchanged()
    {
        var awkward = new LedgerRow(
            "0xabc", "req,\"1\"\r\nnext", "metered", "12", "340282366920938463463374607431768211455",
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "gpt \"mini\", 2\nline", 10, 20, "", null);
        var plain = awkward with { RequestId = "req-2", Model = "", ClaimTransaction = "0x" + new string('1', 64), ClaimBlock = 42 };
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await LedgerCsv.WriteAsync(ToAsync(awkward, plain), writer, CancellationToken.None);

        var text = writer.ToString();
        var records = Rfc4180.Parse(text);
        Assert.Equal(3, records.Count);
        Assert.Equal(LedgerCsv.Header.Split(','), records[0]);
        Assert.Equal(["0xabc", "req,\"1\"\r\nnext", "metered", "12", "340282366920938463463374607431768211455",
            "2026-01-02T03:04:05.0000000+00:00", "gpt \"mini\", 2\nline", "10", "20", "", ""], records[1]);
        Assert.Equal("req-2", records[2][1]);
        Assert.Equal(plain.ClaimTransaction, records[2][9]);
        Assert.Equal("42", records[2][10]);
        // Fields that need no quoting are not quoted.
        Assert.Contains("\r\n0xabc,\"req,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"req-2\"", text, StringComparison.Ordinal);
    }

    private static async IAsyncEnumerable<LedgerRow> ToAsync(params LedgerRow[] rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
