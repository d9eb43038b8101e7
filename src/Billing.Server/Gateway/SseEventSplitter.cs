using System.Buffers;

namespace Billing.Server.Gateway;

/// <summary>
/// Cuts a server-sent-event byte stream into whole events as the bytes arrive: an event ends at a blank line
/// (<c>\n\n</c> or <c>\r\n\r\n</c>). Bounded: an event longer than the limit is an upstream failure, not a reason to
/// buffer without end.
/// </summary>
/// <remarks>
/// Linear in the bytes it is given: each byte is scanned for a terminator once (plus at most two bytes rescanned when
/// a terminator may straddle two reads), events are handed out as slices of one pooled buffer, and the unconsumed tail
/// moves to the front only when an append does not fit behind it. Not thread-safe: one stream, one reader.
/// </remarks>
public sealed class SseEventSplitter(int maxEventBytes) : IDisposable
{
    private const int InitialCapacity = 16 * 1024;

    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private int _scanFrom;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_start == _end)
        {
            // Everything was taken: start over at the front for free.
            _start = _end = _scanFrom = 0;
        }

        if (_buffer.Length - _end < bytes.Length)
        {
            MakeRoom(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>
    /// The next complete event, raw with its terminator, or false when more bytes are needed. The event is a view of the
    /// splitter's buffer, valid until the next <see cref="Append"/>: a consumer that keeps it longer copies it.
    /// </summary>
    /// <exception cref="InvalidDataException">An event grew beyond the limit.</exception>
    public bool TryTake(out ReadOnlyMemory<byte> rawEvent)
    {
        var end = EventEnd();
        if (end < 0)
        {
            if (_end - _start > maxEventBytes)
            {
                throw new InvalidDataException($"An upstream event exceeds {maxEventBytes} bytes.");
            }

            rawEvent = ReadOnlyMemory<byte>.Empty;
            return false;
        }

        rawEvent = _buffer.AsMemory(_start, end - _start);
        _start = _scanFrom = end;
        return true;
    }

    /// <summary>The bytes left over after the upstream ended (an unterminated last event).</summary>
    public ReadOnlySpan<byte> Remainder => _buffer.AsSpan(_start, _end - _start);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _start = _end = _scanFrom = 0;
    }

    /// <summary>The index just past the first terminator in the pending bytes, or -1; remembers how far it looked.</summary>
    private int EventEnd()
    {
        var i = _scanFrom;
        while (i < _end)
        {
            var newline = _buffer.AsSpan(i, _end - i).IndexOf((byte)'\n');
            if (newline < 0)
            {
                _scanFrom = _end;
                return -1;
            }

            i += newline;
            if (i + 1 < _end && _buffer[i + 1] == (byte)'\n')
            {
                return i + 2;
            }

            if (i + 2 < _end && _buffer[i + 1] == (byte)'\r' && _buffer[i + 2] == (byte)'\n')
            {
                return i + 3;
            }

            if (i + 2 >= _end)
            {
                // Undecided until more bytes arrive: look at this newline again then.
                _scanFrom = i;
                return -1;
            }

            i++;
        }

        _scanFrom = _end;
        return -1;
    }

    private void MakeRoom(int incoming)
    {
        var pending = _end - _start;
        var needed = checked(pending + incoming);
        if (needed <= _buffer.Length)
        {
            // The tail of a partial event moves to the front: at most one event's bytes, once per append at most.
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialCapacity, _buffer.Length * 2)));
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        _scanFrom -= _start;
        _start = 0;
        _end = pending;
    }
}
