using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Tollgate.Gateway.Benchmarks.ProxyPipelineBenchmark).Assembly).Run(args);
