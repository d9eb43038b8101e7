namespace Billing.Persistence.Tests.Grains;

/// <summary>Registers and removes a durable reminder, to exercise the ADO.NET reminder queries.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAsync(string reminderName);

    Task UnregisterAsync(string reminderName);

    Task<IReadOnlyList<string>> ListAsync();
}
