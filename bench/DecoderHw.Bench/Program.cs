using BenchmarkDotNet.Running;
using DecoderHw.Bench;

// `speed` runs the BenchmarkDotNet codec benchmarks; `compression` prints bits/weight next to entropy;
// `fse` runs the production codec and FSE (built from a checkout) on the same symbols, interleaved.
return args.FirstOrDefault() switch
{
    "compression" => CompressionTable.Run(Console.Out),
    "speed" => RunSpeed(args.Skip(1).ToArray()),
    "fse" => FseComparison.Run(args.Skip(1).ToArray(), Console.Out),
    _ => Usage(),
};

static int RunSpeed(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(CodecBenchmarks).Assembly).Run(rest.Length > 0 ? rest : ["--filter", "*"]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: DecoderHw.Bench compression | speed [BenchmarkDotNet args] | fse --fse-dir CHECKOUT [options]");
    return 2;
}
