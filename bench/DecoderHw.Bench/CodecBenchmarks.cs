using BenchmarkDotNet.Attributes;
using DecoderHw.Codec;
using DecoderHw.Model;

namespace DecoderHw.Bench;

/// <summary>Codec speed on 4M Laplace weights (4-bit, scale 1.5 steps, table_log 11), per weight: the
/// readable reference and the production codec. The production codec must show no allocation.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    public const int Weights = 4 << 20;

    [Params(1, 4)]
    public int Lanes { get; set; }

    [Params(1, 2)]
    public int StatesPerLane { get; set; }

    private ResolvedModel _model = null!;
    private EncodedStream _stream = null!;
    private FastTansEncoder _encoder = null!;
    private FastTansDecoder _decoder = null!;
    private sbyte[] _levels = null!;
    private sbyte[] _decoded = null!;
    private byte[] _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = Models.Laplace(Lanes, 4, 11, 1.5, Weights);
        _model = _model with { Spec = _model.Spec with { StatesPerLane = StatesPerLane } };
        _stream = TansStreamEncoder.Encode(_model);
        _encoder = new FastTansEncoder(_model);
        _decoder = new FastTansDecoder(_model);
        _levels = _model.Layers[0].Levels.Select(v => (sbyte)v).ToArray();
        _decoded = new sbyte[Weights];
        _buffer = new byte[_encoder.MaxStreamBytes];
    }

    [Benchmark(OperationsPerInvoke = Weights)]
    public int[][] ReferenceDecode() => TansStreamDecoder.Decode(_model, _stream.Bytes, _stream.WordCount);

    [Benchmark(OperationsPerInvoke = Weights)]
    public EncodedStream ReferenceEncode() => TansStreamEncoder.Encode(_model);

    [Benchmark(OperationsPerInvoke = Weights)]
    public sbyte FastDecode()
    {
        _decoder.Decode(_stream.Bytes, _stream.WordCount, _decoded);
        return _decoded[^1];
    }

    [Benchmark(OperationsPerInvoke = Weights)]
    public long FastEncode() => _encoder.Encode(_levels, _buffer);
}
