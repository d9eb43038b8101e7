using Billing.Server.Hosting;

await using var app = ServerApp.Build(args, contentRoot: Directory.GetCurrentDirectory());
await app.RunAsync();
