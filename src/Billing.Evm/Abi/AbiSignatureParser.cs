namespace Billing.Evm.Abi;

/// <summary>
/// Recursive-descent parser for human-readable ABI fragments: types, parameter lists with optional names, data
/// locations and <c>indexed</c>, and <c>name(params)</c> signatures with optional outputs.
/// </summary>
internal sealed class AbiSignatureParser(string text)
{
    private const int MaxNesting = 32;
    private int _position;
    private int _depth;

    public AbiType ParseType()
    {
        SkipSpace();
        AbiType type;
        if (Peek() == '(' || LookingAtTuplePrefix())
        {
            if (Peek() != '(')
            {
                _position += "tuple".Length;
            }

            if (++_depth > MaxNesting)
            {
                throw Error("tuples nest too deeply");
            }

            type = AbiType.Tuple(ParseParameterList().Select(p => p.Type));
            _depth--;
        }
        else
        {
            var name = ReadIdentifier();
            type = AbiType.TryParseElementary(name) ?? throw Error($"unknown type '{name}'");
        }

        while (Peek() == '[')
        {
            _position++;
            var start = _position;
            while (char.IsAsciiDigit(Peek()))
            {
                _position++;
            }

            var digits = text.AsSpan(start, _position - start);
            Expect(']');
            if (digits.IsEmpty)
            {
                type = AbiType.ArrayOf(type);
            }
            else if (int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var length) && length >= 1)
            {
                try
                {
                    type = AbiType.FixedArrayOf(type, length);
                }
                catch (OverflowException)
                {
                    throw Error("fixed array is too large");
                }
            }
            else
            {
                throw Error("bad fixed array length");
            }
        }

        return type;
    }

    public AbiParameter ParseParameter()
    {
        var type = ParseType();
        var indexed = false;
        var name = string.Empty;
        while (true)
        {
            SkipSpace();
            if (!IsIdentifierStart(Peek()))
            {
                break;
            }

            var word = ReadIdentifier();
            switch (word)
            {
                case "indexed":
                    indexed = true;
                    break;
                case "memory" or "calldata" or "storage":
                    break;
                default:
                    if (name.Length > 0)
                    {
                        throw Error($"unexpected '{word}'");
                    }

                    name = word;
                    break;
            }
        }

        return new AbiParameter(type, name, indexed);
    }

    public IReadOnlyList<AbiParameter> ParseParameterList()
    {
        SkipSpace();
        Expect('(');
        var parameters = new List<AbiParameter>();
        SkipSpace();
        if (Peek() == ')')
        {
            _position++;
            return parameters;
        }

        while (true)
        {
            parameters.Add(ParseParameter());
            SkipSpace();
            var c = Peek();
            _position++;
            if (c == ')')
            {
                return parameters;
            }

            if (c != ',')
            {
                throw Error("expected ',' or ')'");
            }
        }
    }

    /// <summary><c>name(inputs)</c>, optionally followed by <c>returns (outputs)</c> or cast's <c>(outputs)</c>.</summary>
    public (string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs) ParseSignature()
    {
        SkipSpace();
        foreach (var keyword in (string[])["function ", "event ", "error "])
        {
            if (text.AsSpan(_position).StartsWith(keyword, StringComparison.Ordinal))
            {
                _position += keyword.Length;
                break;
            }
        }

        var name = ReadIdentifier();
        var inputs = ParseParameterList();
        SkipModifiers();
        IReadOnlyList<AbiParameter> outputs = [];
        if (Peek() == '(')
        {
            outputs = ParseParameterList();
        }

        ExpectEnd();
        return (name, inputs, outputs);
    }

    public void ExpectEnd()
    {
        SkipSpace();
        if (_position != text.Length)
        {
            throw Error("unexpected trailing text");
        }
    }

    private void SkipModifiers()
    {
        while (true)
        {
            SkipSpace();
            if (!IsIdentifierStart(Peek()))
            {
                return;
            }

            var word = ReadIdentifier();
            if (word is not ("returns" or "external" or "public" or "view" or "pure" or "payable" or "nonpayable" or "anonymous"))
            {
                throw Error($"unexpected '{word}'");
            }
        }
    }

    private bool LookingAtTuplePrefix() =>
        text.AsSpan(_position).StartsWith("tuple(", StringComparison.Ordinal);

    private string ReadIdentifier()
    {
        SkipSpace();
        var start = _position;
        if (!IsIdentifierStart(Peek()))
        {
            throw Error("expected an identifier");
        }

        while (IsIdentifierStart(Peek()) || char.IsAsciiDigit(Peek()))
        {
            _position++;
        }

        return text[start.._position];
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _position++;
    }

    private void SkipSpace()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
    }

    private char Peek() => _position < text.Length ? text[_position] : '\0';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c == '$';

    private EvmDecodingException Error(string what) =>
        new($"Malformed ABI signature at position {_position}: {what}.");
}
