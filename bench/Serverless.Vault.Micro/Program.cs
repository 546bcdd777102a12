using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Serverless.Vault.Micro -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Serverless.Vault.Micro.BarrierBenchmarks).Assembly).Run(args);
