using BenchmarkDotNet.Attributes;
using DecoderHw.Codec;
using DecoderHw.Model;

namespace DecoderHw.Bench;

/// <summary>Reference codec speed on 4M Laplace weights (4-bit, scale 1.5 steps, table_log 11).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    public const int Weights = 4 << 20;

    [Params(1, 4)]
    public int Lanes { get; set; }

    private ResolvedModel _model = null!;
    private EncodedStream _stream = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = Models.Laplace(Lanes, 4, 11, 1.5, Weights);
        _stream = TansStreamEncoder.Encode(_model);
    }

    [Benchmark(OperationsPerInvoke = Weights)]
    public int[][] Decode() => TansStreamDecoder.Decode(_model, _stream.Bytes, _stream.WordCount);

    [Benchmark(OperationsPerInvoke = Weights)]
    public EncodedStream Encode() => TansStreamEncoder.Encode(_model);
}
