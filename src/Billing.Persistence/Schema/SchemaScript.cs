namespace Billing.Persistence.Schema;

/// <summary>One idempotent SQL script shipped inside this assembly.</summary>
internal sealed record SchemaScript(string Name, string Text);
