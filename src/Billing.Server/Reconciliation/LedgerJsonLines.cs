using System.Text.Json;

namespace Billing.Server.Reconciliation;

/// <summary>Writes ledger rows as JSON lines: one compact object per line, LF-terminated.</summary>
public static class LedgerJsonLines
{
    private static readonly ReadOnlyMemory<byte> LineEnd = "\n"u8.ToArray();

    public static async Task WriteAsync(IAsyncEnumerable<LedgerRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(output, row, cancellationToken: cancellationToken);
            await output.WriteAsync(LineEnd, cancellationToken); // async: Kestrel refuses synchronous writes
        }
    }
}
