namespace DecoderHw.Spec;

/// <summary>Which entropy coder the decoder implements.</summary>
public enum CoderKind { Tans, Huffman, Raw, Rans }

/// <summary>Where the decode tables live: baked into the RTL, or loaded from the stream header.</summary>
public enum TableMode { Rom, Ram }

/// <summary>How a rANS lane finds the table entry of its slot (docs/architecture.md, "coder: rans"):
/// one comparator per entry (<c>Flat</c>), or a comparator per group of entries and then one per entry of
/// the group it picked (<c>Grouped</c>); <c>Auto</c> groups when a layer has more than
/// <see cref="DecoderSpec.FlatSearchMaxEntries"/> entries.</summary>
public enum RansSearch { Auto, Flat, Grouped }

/// <summary>How each layer's effective table_log is chosen (tANS and rANS; docs/spec.md "table_log_mode"):
/// <c>Fixed</c> takes the requested table_log (raised only as the present symbols need); <c>BySize</c> caps
/// it by the layer's weight count as FSE does; <c>Best</c> takes, up to that cap, the log with the fewest
/// stream bits plus table cost (<see cref="Model.TableLogChooser"/>).</summary>
public enum TableLogMode { Fixed, BySize, Best }

/// <summary>A decoder spec as written in YAML, validated but with defaults not yet applied to layers.</summary>
/// <param name="StatesPerLane">tANS states each lane takes turns with (1 or 2). With 2 the stream is the
/// format of lanes x 2 lanes and each state's table loop gets two cycles (docs/architecture.md, "Pipelined lane").</param>
/// <param name="SourcePath">The YAML file this spec came from (relative paths in layers resolve against it).</param>
public sealed record DecoderSpec(
    string Name,
    CoderKind Coder,
    int TableLog,
    int Lanes,
    int InputWidth,
    TableMode Tables,
    IReadOnlyList<LayerSpec> Layers,
    string SourcePath,
    int HuffmanMaxLength = DecoderSpec.DefaultHuffmanMaxLength,
    RamLimits? RamLimits = null,
    int StatesPerLane = 1,
    int RansStateBits = DecoderSpec.DefaultRansStateBits,
    TableGroups TableGroups = default,
    double TableBitCost = DecoderSpec.DefaultTableBitCost,
    RansSearch RansSearch = RansSearch.Auto,
    TableLogMode TableLogMode = TableLogMode.Fixed,
    int RamBuildEngines = DecoderSpec.DefaultRamBuildEngines,
    int RamBanks = DecoderSpec.DefaultRamBanks)
{
    /// <summary>ram_banks: the table banks of a tables: ram tANS decoder (docs/bitstream.md, "Headers one layer
    /// ahead"): 2 puts layer k+1's header before layer k's initial states, 3 layer k+2's, so a build may span
    /// two layers' decode; 1 puts layer k's header right before its own initial states, and its table is
    /// built, with the decoder idle, after layer k-1 has ended (one bank: half the table RAM of two).</summary>
    public const int DefaultRamBanks = 2;
    public const int MinRamBanks = 1;
    public const int MaxRamBanks = 3;

    /// <summary>ram_build_engines: the tANS table builder's engines (docs/architecture.md, "tables: ram: the
    /// table-load phase"); <see cref="AutoRamBuildEngines"/> until gen has chosen (Cycle/BuildEngineChooser).</summary>
    public const int DefaultRamBuildEngines = 4;
    public const int AutoRamBuildEngines = 0;
    public static readonly IReadOnlyList<int> RamBuildEngineCounts = [1, 2, 4];

    /// <summary>The engines a stream's build cycles and the RTL assume: the spec's count, or four while auto is
    /// not chosen yet (the cycle model of four engines is what auto measures against).</summary>
    public int BuildEngines => RamBuildEngines == AutoRamBuildEngines ? DefaultRamBuildEngines : RamBuildEngines;

    /// <summary>rans_search: auto searches flat up to this many entries per layer (measured, BENCHMARKS.md).</summary>
    public const int FlatSearchMaxEntries = 32;

    /// <summary>Bits the rANS state carries above table_log: 4 puts the state in [16 M, 32 M), so the update's
    /// multiplier is f (table_log bits) x state >> table_log (5 bits); measured (BENCHMARKS.md) within 0.01% of
    /// the coded size at 15 extra bits, and each extra bit costs a bit per lane and layer of initial state.</summary>
    public const int DefaultRansStateBits = 4;
    public const int MaxRansStateBits = 15;

    /// <summary>An on-chip table bit costs as much as a stream bit unless the spec says otherwise.</summary>
    public const double DefaultTableBitCost = 1.0;

    public const int DefaultHuffmanMaxLength = 11;
    public const int MinTableLog = 5;
    public const int MaxTableLog = 12;
    public const int MinBits = 2;
    public const int MaxBits = 8;
    public const int MaxLanes = 16;
    public const int MinInputWidth = 8;
    public const int MaxInputWidth = 256;

    /// <summary>The widest layer's bits: every output lane is sign-extended to this width.</summary>
    public int MaxLayerBits => Layers.Max(l => l.Bits);
}

/// <summary>How layers share decode tables (tANS and Huffman, tables: rom): <c>None</c> gives every layer
/// its own table; <c>Auto</c> lets the generator choose the grouping with the least stream + weighted
/// table bits; <c>Count</c> asks for at most that many tables.</summary>
public enum TableGroupMode { None, Auto, Count }

/// <param name="Count">With <see cref="TableGroupMode.Count"/>: the most tables wanted.</param>
public readonly record struct TableGroups(TableGroupMode Mode, int Count = 0)
{
    public static TableGroups None => new(TableGroupMode.None);
    public static TableGroups Auto => new(TableGroupMode.Auto);

    /// <summary>The spec's YAML spelling: none, auto or the number.</summary>
    public string ToYaml() => Mode switch
    {
        TableGroupMode.Auto => "auto",
        TableGroupMode.Count => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "none",
    };
}

/// <summary>Capacity of a <c>tables: ram</c> decoder: any model within these limits decodes on it.</summary>
/// <param name="MaxTableLog">Deepest tANS table; ignored by a Huffman decoder (its code-length limit is the
/// spec's <c>huffman_max_length</c>).</param>
/// <param name="MaxWeights">Largest layer weight count the decoder accepts (a larger header count is a
/// BadHeader). Null only between spec and model when a layer reads a tensor file, whose size the
/// spec does not state: <see cref="Model.ModelResolver"/> fills in the largest resolved layer.</param>
public sealed record RamLimits(int MaxTableLog, int MaxBits, int MaxLayers, int? MaxWeights = null)
{
    /// <summary>The resolved <see cref="MaxWeights"/>; every decoder and the RTL use this.</summary>
    public int WeightLimit => MaxWeights ?? throw new InvalidOperationException("ram_limits.max_weights is not resolved yet");
}

/// <param name="TableLog">Per-layer override of the spec's table_log, or null for the spec default.</param>
/// <param name="Step">Quantization step in the weights' units (reports only; the decoder emits levels).</param>
/// <param name="DeadZone">Real weights only: half-width of the zero bin in steps (>= 0.5; null = plain rounding).</param>
public sealed record LayerSpec(string Name, int Bits, int? TableLog, WeightSource Source, double? Step = null, double? DeadZone = null)
{
    /// <summary>Zero-point quantization: 2^bits - 1 levels, symmetric around an exact zero.</summary>
    public int Levels => (1 << Bits) - 1;

    /// <summary>Largest magnitude of a level: levels run from -MaxLevel to +MaxLevel.</summary>
    public int MaxLevel => (1 << (Bits - 1)) - 1;
}

/// <summary>Where a layer's weights come from.</summary>
public abstract record WeightSource;

/// <summary>Explicit counts per level, index 0 = level -MaxLevel; <c>Count</c> weights are drawn from them.</summary>
public sealed record FrequencySource(IReadOnlyList<long> Frequencies, int Count, ulong Seed) : WeightSource;

public enum DistributionKind { Laplace, Gaussian }

/// <summary>A continuous distribution in units of the quantization step, rounded to levels.</summary>
public sealed record DistributionSource(DistributionKind Kind, double Scale, int Count, ulong Seed) : WeightSource;

/// <summary>Real weights: a tensor in a .safetensors, .npy or .onnx file, quantized with <see cref="LayerSpec.Step"/>.</summary>
public sealed record FileSource(string File, string Tensor) : WeightSource;
