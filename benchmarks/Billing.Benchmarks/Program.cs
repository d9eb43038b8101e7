using BenchmarkDotNet.Running;
using Billing.Benchmarks;

// The assembly is named through a type of this project: Billing.Server also has a top-level Program.
BenchmarkSwitcher.FromAssembly(typeof(QuickRunConfig).Assembly).Run(args, QuickRunConfig.Create(args));
