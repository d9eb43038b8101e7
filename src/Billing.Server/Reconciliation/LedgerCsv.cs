using System.Globalization;
using System.Text;

namespace Billing.Server.Reconciliation;

/// <summary>Writes ledger rows as CSV (RFC 4180: CRLF line ends, a header, fields quoted when they hold a comma, quote or line break).</summary>
public static class LedgerCsv
{
    public const string Header =
        "channel_id,request_id,kind,amount,cumulative_charged,charged_at,model,input_tokens,output_tokens,claim_tx,claim_block";

    public static async Task WriteAsync(IAsyncEnumerable<LedgerRow> rows, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(Header + "\r\n");
        var line = new StringBuilder();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            Field(line, row.ChannelId).Append(',');
            Field(line, row.RequestId).Append(',');
            Field(line, row.Kind).Append(',');
            Field(line, row.Amount).Append(',');
            Field(line, row.CumulativeCharged).Append(',');
            Field(line, row.ChargedAt.ToString("O", CultureInfo.InvariantCulture)).Append(',');
            Field(line, row.Model).Append(',');
            Field(line, row.InputTokens.ToString(CultureInfo.InvariantCulture)).Append(',');
            Field(line, row.OutputTokens.ToString(CultureInfo.InvariantCulture)).Append(',');
            Field(line, row.ClaimTransaction).Append(',');
            Field(line, row.ClaimBlock?.ToString(CultureInfo.InvariantCulture) ?? "").Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
        }
    }

    /// <summary>Appends one field, quoted (inner quotes doubled) when it holds a separator, a quote or a line break.</summary>
    public static StringBuilder Field(StringBuilder line, string value)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? line.Append(value)
            : line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
