using System.Buffers;

namespace Billing.Server.Gateway;

/// <summary>
/// Cuts a server-sent-event byte stream into whole events as the bytes arrive: an event ends at a blank line
/// (<c>\n\n</c> or <c>\r\n\r\n</c>). Bounded: an event longer than the limit is an upstream failure, not a reason to
/// buffer without end.
/// </summary>
public sealed class SseEventSplitter(int maxEventBytes)
{
    private readonly ArrayBufferWriter<byte> _pending = new();

    public void Append(ReadOnlySpan<byte> bytes) => _pending.Write(bytes);

    /// <summary>The next complete event, raw with its terminator, or false when more bytes are needed.</summary>
    /// <exception cref="InvalidDataException">An event grew beyond the limit.</exception>
    public bool TryTake(out byte[] rawEvent)
    {
        var pending = _pending.WrittenSpan;
        var end = EventEnd(pending);
        if (end < 0)
        {
            if (pending.Length > maxEventBytes)
            {
                throw new InvalidDataException($"An upstream event exceeds {maxEventBytes} bytes.");
            }

            rawEvent = [];
            return false;
        }

        rawEvent = pending[..end].ToArray();
        var rest = pending[end..].ToArray();
        _pending.Clear();
        _pending.Write(rest);
        return true;
    }

    /// <summary>The bytes left over after the upstream ended (an unterminated last event).</summary>
    public ReadOnlySpan<byte> Remainder => _pending.WrittenSpan;

    private static int EventEnd(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n')
            {
                continue;
            }

            if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
            {
                return i + 2;
            }

            if (i + 2 < bytes.Length && bytes[i + 1] == (byte)'\r' && bytes[i + 2] == (byte)'\n')
            {
                return i + 3;
            }
        }

        return -1;
    }
}
