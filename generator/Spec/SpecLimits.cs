namespace DecoderHw.Spec;

/// <summary>Bounds of the spec format beyond those on <see cref="DecoderSpec"/> (docs/spec.md lists them all).</summary>
public static class SpecLimits
{
    public const int MinLanes = 1;

    /// <summary>Two states per lane give each state's table loop two cycles; a third gives the several-lane
    /// decoder a cycle to sum the next beats' bit counts after the ROM read (docs/architecture.md).</summary>
    public const int MaxStatesPerLane = 3;

    /// <summary>Weights per synthetic layer: keeps generated vectors and simulations a sane size.</summary>
    public const int MaxLayerWeights = 100_000_000;

    /// <summary>Weights of all layers of one spec, checked before any weight is drawn or read: gen holds
    /// every level, the cycle trace and the vectors in memory (about 40 bytes per weight at the peak),
    /// so this keeps one gen within a few GB (BENCHMARKS.md, "Largest spec").</summary>
    public const long MaxTotalWeights = 100_000_000;

    /// <summary>Far above real networks (ResNet-50 has 54 weight tensors), and it keeps the largest spec
    /// within the YAML reader's node cap.</summary>
    public const int MaxLayers = 1024;

    /// <summary>Largest count in <c>frequencies</c>: 255 such counts sum below 2^53, so totals and
    /// probabilities stay exact in a double.</summary>
    public const long MaxFrequency = 1_000_000_000_000;

    /// <summary>A Huffman code of 1 bit cannot tell 3 levels apart; 16 bits is the widest length field
    /// and lookup the Huffman decoder is meant to carry.</summary>
    public const int MinHuffmanMaxLength = 2;
    public const int MaxHuffmanMaxLength = 16;

    /// <summary>Half of one step: the dead zone of plain rounding; narrower would not be a dead zone.</summary>
    public const double MinDeadZone = 0.5;
}

/// <summary>Values a spec gets for fields it leaves out.</summary>
public static class SpecDefaults
{
    public const CoderKind Coder = CoderKind.Tans;
    public const int TableLog = 11;
    public const int Lanes = 1;
    public const int StatesPerLane = 1;
    public const int InputWidth = 32;
    public const TableMode Tables = TableMode.Rom;
    public const ulong Seed = 1;
}
