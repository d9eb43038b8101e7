namespace Billing.Persistence.Tests.Grains;

[GrainType("reminder-probe")]
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public async Task RegisterAsync(string reminderName) =>
        await this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    public async Task UnregisterAsync(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"No reminder named {reminderName}.");
        await this.UnregisterReminder(reminder);
    }

    public async Task<IReadOnlyList<string>> ListAsync() =>
        [.. (await this.GetReminders()).Select(reminder => reminder.ReminderName).Order(StringComparer.Ordinal)];

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
