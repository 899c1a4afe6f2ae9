namespace DecoderHw.Quantize;

/// <summary>A quantized layer as the report shows it.</summary>
/// <param name="TansBits">Bits of the layer in the tANS stream, header (lanes' initial states) included.</param>
/// <param name="HuffmanBits">Bits with the reference length-limited canonical Huffman code of the same symbols.</param>
/// <param name="FixedBits">Bits packing every level in <see cref="Bits"/> bits.</param>
public sealed record LayerReport(
    string Name,
    string File,
    string Tensor,
    IReadOnlyList<long> Shape,
    int Bits,
    double Step,
    double DeadZone,
    int[] Levels,
    Distortion Distortion,
    double EntropyBitsPerWeight,
    int PresentSymbols,
    long TansBits,
    long HuffmanBits,
    long FixedBits)
{
    public long Weights => Levels.Length;

    public double SqnrDb => Distortion.SqnrDb;

    public double TansBitsPerWeight => (double)TansBits / Weights;

    public double HuffmanBitsPerWeight => (double)HuffmanBits / Weights;
}

/// <summary>A selected tensor that is not quantized: stored as float32 beside the decoder.</summary>
public sealed record RawTensor(string File, string Tensor, string DType, IReadOnlyList<long> Shape, long Weights);

/// <summary>Bits per weight of the same weights stored or coded five ways.</summary>
/// <param name="Fixed">Each layer's levels packed in its chosen bits.</param>
public sealed record BitsPerWeight(double Float32, double Int8, double Fixed, double Huffman, double Tans);

/// <summary>Everything <c>quantize</c> decided and measured: the source of the table, the JSON and the spec.</summary>
public sealed record QuantizeReport(
    string Name,
    string ModelPath,
    QuantizeGoal Goal,
    CoderSetting Coder,
    int HuffmanMaxLength,
    IReadOnlyList<LayerReport> Layers,
    IReadOnlyList<RawTensor> Raw,
    IReadOnlyList<string> Warnings)
{
    /// <summary><c>--min-fidelity</c>: the plan's measured fidelity on the sensitivity inputs.</summary>
    public Fidelity.FidelityMetrics? Fidelity { get; init; }

    /// <summary><c>--min-fidelity</c>: each layer's measured sensitivity.</summary>
    public IReadOnlyList<Fidelity.LayerSensitivity>? Sensitivity { get; init; }

    public long Weights => Layers.Sum(l => l.Weights);

    public long RawWeights => Raw.Sum(r => r.Weights);

    public long ModelWeights => Weights + RawWeights;

    public Distortion Distortion => Layers.Aggregate(new Distortion(0, 0), (d, l) => d + l.Distortion);

    public double EntropyBitsPerWeight => Layers.Sum(l => l.EntropyBitsPerWeight * l.Weights) / Weights;

    public long TansBits => Layers.Sum(l => l.TansBits);

    /// <summary>The streamed layers only: what the decoder reads per weight it emits.</summary>
    public BitsPerWeight Streamed => new(32, 8,
        (double)Layers.Sum(l => l.FixedBits) / Weights,
        (double)Layers.Sum(l => l.HuffmanBits) / Weights,
        (double)TansBits / Weights);

    /// <summary>The whole selection, raw tensors at 32 bits in every column (they are stored as float32
    /// whatever codes the rest).</summary>
    public BitsPerWeight WholeModel => new(32,
        WithRaw(8.0 * Weights),
        WithRaw(Layers.Sum(l => l.FixedBits)),
        WithRaw(Layers.Sum(l => l.HuffmanBits)),
        WithRaw(TansBits));

    /// <summary>On-chip tables of a tANS rom decoder at the spec's lanes: every layer's 2^table_log-entry table
    /// in every lane (<see cref="Sizing.TableMemory"/>).</summary>
    public long TansTableBits
    {
        get
        {
            var logs = Layers.Select(TableLogOf).ToList();
            int entry = Sizing.TableMemory.TansEntryBits(Layers.Max(l => l.Bits), logs.Max());
            return logs.Sum(tl => 1L << tl) * entry * Coder.Lanes;
        }
    }

    /// <summary>On-chip tables of a rANS decoder: one entry per present level and layer, shared by the lanes.</summary>
    public long RansTableBits =>
        Layers.Sum(l => (long)l.PresentSymbols) * Sizing.TableMemory.RansEntryBits(Layers.Max(l => l.Bits), Layers.Max(TableLogOf));

    private int TableLogOf(LayerReport layer) =>
        Model.ModelResolver.EffectiveTableLog(Model.ModelResolver.SymbolCounts(layer.Levels, layer.Bits), Coder.TableLog);

    /// <summary>The bits/weight <c>--target-bpw</c> is measured on (per the goal's scope), with tANS.</summary>
    public double TargetMeasure => Goal.Scope == TargetScope.Model ? WholeModel.Tans : Streamed.Tans;

    private double WithRaw(double codedBits) => (codedBits + 32.0 * RawWeights) / ModelWeights;
}
