using System.Diagnostics.CodeAnalysis;

namespace Billing.X402;

/// <summary>
/// The outcome of decoding or reading an x402 message: a value, or an <see cref="X402Error"/>. A
/// <c>default</c> instance is a failure, so a forgotten assignment can never pass as success.
/// </summary>
public readonly struct X402Result<T>
{
    private static readonly X402Error Unassigned =
        new(X402ErrorReasons.InvalidPayload, "the result was never assigned");

    private readonly T? _value;
    private readonly X402Error? _error;

    private X402Result(T value)
    {
        _value = value;
        _error = null;
        IsSuccess = true;
    }

    private X402Result(X402Error error)
    {
        _value = default;
        _error = error;
        IsSuccess = false;
    }

    public bool IsSuccess { get; }

    /// <summary>The failure, or <c>null</c> on success.</summary>
    public X402Error? Error => IsSuccess ? null : _error ?? Unassigned;

    /// <summary>The value; throws <see cref="X402ProtocolException"/> (never anything else) on failure.</summary>
    public T Value => IsSuccess ? _value! : throw new X402ProtocolException(Error!);

    public static X402Result<T> Success(T value) => new(value);

    public static X402Result<T> Failure(X402Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new X402Result<T>(error);
    }

    public static X402Result<T> Failure(string reason, string message) => new(new X402Error(reason, message));

    public bool TryGetValue([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out X402Error? error)
    {
        value = _value;
        error = Error;
        return IsSuccess;
    }

#pragma warning disable CA2225 // Success/Failure are the named alternatives.
    public static implicit operator X402Result<T>(T value) => Success(value);

    public static implicit operator X402Result<T>(X402Error error) => Failure(error);
#pragma warning restore CA2225

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error})";
}
