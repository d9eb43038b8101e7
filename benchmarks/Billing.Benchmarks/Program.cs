using BenchmarkDotNet.Running;
using Billing.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, QuickRunConfig.Create(args));
