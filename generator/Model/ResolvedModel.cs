using DecoderHw.Spec;
using DecoderHw.Tans;

namespace DecoderHw.Model;

/// <summary>A layer with its weights drawn or loaded and its tables built: nothing left to compute.</summary>
/// <param name="Levels">The quantized weights, level values in -MaxLevel..+MaxLevel, in decode order.</param>
/// <param name="Counts">Occurrences of each symbol; symbol s is level s - MaxLevel.</param>
/// <param name="TableLog">Effective table_log: 0 when a single symbol is present (the layer codes at 0 bits).</param>
public sealed record ResolvedLayer(
    int Index,
    string Name,
    int Bits,
    int TableLog,
    int[] Levels,
    long[] Counts,
    TansTables Tables,
    double? Step)
{
    public int WeightCount => Levels.Length;
    public int MaxLevel => (1 << (Bits - 1)) - 1;
    public int SymbolCount => (1 << Bits) - 1;

    /// <summary>Lanes that decode at least one weight of this layer (weight i goes to lane i mod lanes).</summary>
    public int ActiveLanes(int lanes) => Math.Min(lanes, WeightCount);

    /// <summary>Most bits one lane reads in a cycle of this layer, for the given coder.</summary>
    public int MaxBitsPerLane(CoderKind coder) => coder switch
    {
        CoderKind.Tans => TableLog,
        CoderKind.Rans => TableLog,
        CoderKind.Raw => Bits,
        CoderKind.Huffman => Huffman?.MaxCodeLength ?? throw new InvalidOperationException($"layer {Name} has no Huffman code"),
        _ => throw new ArgumentOutOfRangeException(nameof(coder)),
    };

    /// <summary>Canonical Huffman code of the layer when the spec's coder is huffman.</summary>
    public Huffman.LayerHuffmanCode? Huffman { get; init; }

    /// <summary>table_groups: the index of the shared table this layer uses (layers of one group hold the
    /// same <see cref="Tables"/> and Huffman code); null when the layer has its own table.</summary>
    public int? Group { get; init; }

    /// <summary>rANS frequencies and symbol order of the layer when the spec's coder is rans.</summary>
    public Rans.RansTable? Rans { get; init; }

    /// <summary>Bits of one lane's initial-state field in the layer's INIT beat.</summary>
    public int InitStateBits(CoderKind coder) => coder switch
    {
        CoderKind.Tans => TableLog,
        CoderKind.Rans => Rans?.StateLog ?? throw new InvalidOperationException($"layer {Name} has no rANS table"),
        _ => 0,
    };

    /// <summary>Decode beats of this layer (not counting its INIT beat).</summary>
    public int DecodeBeats(int lanes) => (WeightCount + lanes - 1) / lanes;
}

/// <summary>The spec with every layer resolved; the single input of codec, cycle model, RTL and reports.</summary>
public sealed record ResolvedModel(DecoderSpec Spec, IReadOnlyList<ResolvedLayer> Layers)
{
    public string Name => Spec.Name;
    /// <summary>Weights per cycle: the output lanes.</summary>
    public int Lanes => Spec.Lanes;

    /// <summary>tANS states per lane, taking turns (1, or 2 for the pipelined lane).</summary>
    public int StatesPerLane => Spec.StatesPerLane;

    /// <summary>Lanes of the stream format (docs/bitstream.md): weight i of a layer belongs to stream lane
    /// i mod StreamLanes. Lane j of the decoder holds stream lanes j, j + L, ... and uses them in turn.</summary>
    public int StreamLanes => Lanes * StatesPerLane;

    /// <summary>INIT beats per layer: one per state of a lane; INIT beat s loads stream lanes s*L .. s*L+L-1.</summary>
    public int InitBeats => StatesPerLane;
    public int InputWidth => Spec.InputWidth;
    public int MaxBits => Layers.Max(l => l.Bits);

    /// <summary>Largest effective table_log over layers (TLMAX in docs/architecture.md).</summary>
    public int MaxTableLog => Layers.Max(l => l.TableLog);

    /// <summary>Most bits consumed in one cycle (C_MAX): for tans, lanes * TLMAX; for rans, lanes * (TLMAX + rans_state_bits). A tables: ram decoder
    /// is sized by its limits, not this model, and also reads its widest header field in one cycle.</summary>
    public int MaxBitsPerCycle => (Spec.Tables, Spec.Coder, Spec.RamLimits) switch
    {
        (TableMode.Ram, CoderKind.Huffman, not null) =>
            Math.Max(Lanes * Spec.HuffmanMaxLength, Codec.RamHuffmanHeader.LayerHeaderBits),
        (TableMode.Ram, CoderKind.Rans, { } limits) =>
            Math.Max(Lanes * (limits.MaxTableLog + Spec.RansStateBits), Codec.RamHeader.LayerHeaderBits),
        (TableMode.Ram, _, { } limits) => Math.Max(Lanes * limits.MaxTableLog, Codec.RamHeader.LayerHeaderBits),
        // rANS: an INIT beat reads every lane's wide state, more than a decode beat's lanes * table_log.
        (_, CoderKind.Rans, _) => Lanes * Layers.Max(l => l.InitStateBits(CoderKind.Rans)),
        _ => Lanes * Layers.Max(l => l.MaxBitsPerLane(Spec.Coder)),
    };

    /// <summary>Bit buffer width (W_BUF): one input word plus two cycles of worst-case consumption,
    /// so a steady input never lets the buffer run below one cycle's need. The pipelined lane keeps one
    /// cycle's worth: its two shifters are most of its area, and its input (8 bits in the minimal
    /// decoder) is narrower than a beat's worst case anyway, so the cycle model's stalls are the price.</summary>
    public int BufferWidth => InputWidth + BufferBeats * MaxBitsPerCycle;

    /// <summary>Beats of worst-case consumption W_BUF holds beside one input word: 2, or 1 for pipelined lanes.</summary>
    public int BufferBeats => StatesPerLane > 1 ? 1 : 2;

    public long WeightCount => Layers.Sum(l => (long)l.WeightCount);
}
