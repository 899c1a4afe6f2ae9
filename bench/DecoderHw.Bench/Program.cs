using BenchmarkDotNet.Running;
using DecoderHw.Bench;

// `speed` runs the BenchmarkDotNet codec benchmarks; `compression` prints bits/weight next to entropy.
return args.FirstOrDefault() switch
{
    "compression" => CompressionTable.Run(Console.Out),
    "speed" => RunSpeed(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int RunSpeed(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(CodecBenchmarks).Assembly).Run(rest.Length > 0 ? rest : ["--filter", "*"]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: DecoderHw.Bench compression | speed [BenchmarkDotNet args]");
    return 2;
}
