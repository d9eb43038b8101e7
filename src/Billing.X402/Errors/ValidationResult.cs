using System.Diagnostics.CodeAnalysis;

namespace Billing.X402;

/// <summary>
/// The outcome of a pure validation: valid, or the first <see cref="X402Error"/> found. A <c>default</c> instance is
/// invalid (fail closed), so only <see cref="Valid"/> means valid.
/// </summary>
public readonly struct ValidationResult
{
    private static readonly X402Error Unassigned =
        new(X402ErrorReasons.InvalidPayload, "the validation result was never assigned");

    private readonly X402Error? _error;

    private ValidationResult(bool isValid, X402Error? error)
    {
        IsValid = isValid;
        _error = error;
    }

    public static ValidationResult Valid { get; } = new(true, null);

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid { get; }

    public X402Error? Error => IsValid ? null : _error ?? Unassigned;

    public static ValidationResult Invalid(X402Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ValidationResult(false, error);
    }

    public static ValidationResult Invalid(string reason, string message) => Invalid(new X402Error(reason, message));

#pragma warning disable CA2225 // Invalid(...) is the named alternative.
    public static implicit operator ValidationResult(X402Error error) => Invalid(error);
#pragma warning restore CA2225

    public override string ToString() => IsValid ? "Valid" : $"Invalid({Error})";
}
