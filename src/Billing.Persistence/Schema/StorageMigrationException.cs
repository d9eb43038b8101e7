namespace Billing.Persistence.Schema;

/// <summary>The billing schema could not be applied. The message names the engine and script, never the connection string.</summary>
public sealed class StorageMigrationException : Exception
{
    public StorageMigrationException()
    {
    }

    public StorageMigrationException(string message)
        : base(message)
    {
    }

    public StorageMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
