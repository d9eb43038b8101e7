using System.Buffers;
using System.Text;
using Billing.X402.Http;

namespace Billing.Client.Streams;

/// <summary>
/// Watches the lines of a server-sent-event stream as they pass and picks out the charge data: the
/// <see cref="StreamChargeEvent.CommentPrefix"/> comment line, or the data of an <see cref="StreamChargeEvent.Name"/>
/// event as gateways sent it before the comment form. Nothing else is kept: lines are bounded (the charge event is small), so
/// a stream of any length costs a fixed amount of memory.
/// </summary>
internal sealed class ChargeEventScanner
{
    /// <summary>Longer lines (large completion chunks) cannot belong to a charge event and are skipped.</summary>
    private const int MaxLineBytes = 4096;

    private static readonly byte[] ChargeEventName = Encoding.UTF8.GetBytes(StreamChargeEvent.Name);
    private static readonly byte[] ChargeComment = Encoding.UTF8.GetBytes(StreamChargeEvent.CommentPrefix);

    private readonly byte[] _line = new byte[MaxLineBytes];
    private readonly ArrayBufferWriter<byte> _data = new();
    private int _lineLength;
    private bool _lineTooLong;
    private bool _isChargeEvent;
    private bool _dataTooLong;

    /// <summary>Scans the next bytes; <paramref name="found"/> receives the data of each charge event they complete.</summary>
    public void Scan(ReadOnlySpan<byte> bytes, List<string> found)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            Append(end < 0 ? bytes : bytes[..end]);
            if (end < 0)
            {
                return;
            }

            EndLine(found);
            bytes = bytes[(end + 1)..];
        }
    }

    /// <summary>Keeps at most the first <see cref="MaxLineBytes"/> of a line: enough to tell its field.</summary>
    private void Append(ReadOnlySpan<byte> part)
    {
        var room = MaxLineBytes - _lineLength;
        if (part.Length > room)
        {
            _lineTooLong = true;
            part = part[..room];
        }

        part.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += part.Length;
    }

    private void EndLine(List<string> found)
    {
        var line = _line.AsSpan(0, _lineLength);
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            EndEvent(found);
        }
        else if (line.StartsWith(ChargeComment))
        {
            // A comment is complete on its line; a cut one (over the line bound) is not the small charge comment.
            if (!_lineTooLong)
            {
                found.Add(Encoding.UTF8.GetString(line[ChargeComment.Length..]));
            }
        }
        else if (_lineTooLong)
        {
            // An oversized data line spoils its event's data (an oversized name is not the charge event's either).
            _dataTooLong |= line.StartsWith("data:"u8);
            _isChargeEvent &= !line.StartsWith("event:"u8);
        }
        else if (TryField(line, "event:"u8, out var name))
        {
            _isChargeEvent = name.SequenceEqual(ChargeEventName);
        }
        else if (TryField(line, "data:"u8, out var data))
        {
            if (_data.WrittenCount > 0)
            {
                _data.Write("\n"u8);
            }

            _data.Write(data);
            _dataTooLong |= _data.WrittenCount > MaxLineBytes;
        }

        _lineLength = 0;
        _lineTooLong = false;
    }

    private void EndEvent(List<string> found)
    {
        if (_isChargeEvent && !_dataTooLong && _data.WrittenCount > 0)
        {
            found.Add(Encoding.UTF8.GetString(_data.WrittenSpan));
        }

        _data.Clear();
        _isChargeEvent = false;
        _dataTooLong = false;
    }

    /// <summary>A field's value: after the colon, without the one optional space the format allows.</summary>
    private static bool TryField(ReadOnlySpan<byte> line, ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!line.StartsWith(field))
        {
            return false;
        }

        value = line[field.Length..];
        if (value.StartsWith(" "u8))
        {
            value = value[1..];
        }

        return true;
    }
}
