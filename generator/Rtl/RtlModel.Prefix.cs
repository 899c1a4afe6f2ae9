using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The coders without lane state (huffman, raw): every lane reads one prefix-free code at an
/// offset that is the sum of the lower lanes' code lengths, so there are no tANS tables, states or
/// INIT reads. The control FSM, bit buffer and output register are the tANS ones
/// (docs/architecture.md); decoder.sv.sbn instantiates NAME_lanes in place of the tANS lanes and tables.</summary>
public sealed partial record RtlModel
{
    /// <summary>The spec's coder as written in YAML: tans, huffman or raw.</summary>
    public string Coder { get; init; } = "tans";
    public bool IsTans => Coder == "tans";
    public bool IsRaw => Coder == "raw";
    public string CoderTitle => Coder switch { "tans" => "tANS", "huffman" => "canonical Huffman", _ => "raw (fixed-width)" };

    /// <summary>Most bits one lane reads in a beat: TLMAX (tans), the largest bits_k (raw), the largest
    /// code length (huffman). C_MAX = L * this.</summary>
    public int LaneBitsMax { get; init; }

    /// <summary>Low bits of the buffer NAME_lanes sees: all L lanes' codes at their longest, never more than W_BUF.</summary>
    public int LanesWindowWidth { get; init; } = 1;
    public int LanesWindowMsb => LanesWindowWidth - 1;
    public string LanesModule => Name + "_lanes";

    /// <summary>huffman only: the decode constants and symbol ROM.</summary>
    public HuffmanRtlTables? Huffman { get; init; }

    /// <summary>raw only: the distinct bits_k of the layers (each a field width a lane can extract).</summary>
    public IReadOnlyList<int> RawBitWidths { get; init; } = [];
    /// <summary>Bits of a layer's bits_k constant.</summary>
    public int BitsWidth => WidthFor(MaxBits);
    public int BitsMsb => BitsWidth - 1;

    private static RtlModel FromPrefixCoder(ResolvedModel model, string specFile, string generatorVersion)
    {
        var layers = model.Layers;
        Check(layers.Count >= 1, "a model needs at least one layer");
        Check(model.Lanes is >= 1 and <= DecoderSpec.MaxLanes, $"lanes must be 1..{DecoderSpec.MaxLanes}, got {model.Lanes}");
        Check(model.InputWidth is >= DecoderSpec.MinInputWidth and <= DecoderSpec.MaxInputWidth,
            $"input_width must be {DecoderSpec.MinInputWidth}..{DecoderSpec.MaxInputWidth}, got {model.InputWidth}");
        Check(IsVerilogIdentifier(model.Name), $"name '{model.Name}' is not a Verilog identifier");
        Check(model.Spec.Tables == TableMode.Rom, "huffman and raw decoders have rom tables only");

        var coder = model.Spec.Coder;
        int lanes = model.Lanes;
        int laneBits = layers.Max(l => l.MaxBitsPerLane(coder));
        int cMax = model.MaxBitsPerCycle;
        int wBuf = model.BufferWidth;
        Check(cMax == lanes * laneBits && wBuf == model.InputWidth + 2 * cMax, "C_MAX and W_BUF disagree with docs/architecture.md");

        var huffman = coder == CoderKind.Huffman ? HuffmanRtlTables.From(model) : null;
        // A lane reads at most CodeWidth (huffman, at least 1) or bits_k (raw) bits.
        int laneWindow = huffman?.CodeWidth ?? model.MaxBits;
        int countWidth = WidthFor(lanes);
        long maxLayerWeights = layers.Max(l => (long)l.WeightCount);
        var rtlLayers = new List<RtlLayer>();
        foreach (var layer in layers)
        {
            Check(layer.WeightCount >= 1, $"layer '{layer.Name}' has no weights");
            int active = layer.ActiveLanes(lanes);
            var mask = new char[lanes];
            for (int j = 0; j < lanes; j++) mask[lanes - 1 - j] = j < active ? '1' : '0';
            rtlLayers.Add(new RtlLayer(layer.Index, layer.Name, layer.Bits, 0, 1, layer.WeightCount, active, new string(mask), 0));
        }
        var laneInstances = Enumerable.Range(0, lanes)
            .Select(j => new RtlLane(j, Math.Min((j + 1) * laneWindow, wBuf)))
            .ToList();

        return new RtlModel(
            Name: model.Name,
            GeneratorVersion: generatorVersion,
            SpecFile: specFile,
            Lanes: lanes,
            InputWidth: model.InputWidth,
            MaxBits: model.MaxBits,
            MaxTableLog: 0,
            BitsPerCycle: cMax,
            BufferWidth: wBuf,
            StateWidth: 1,
            NbBitsWidth: 1,
            EntryWidth: model.MaxBits,
            FillWidth: WidthFor(wBuf),
            LayerCount: layers.Count,
            LayerWidth: WidthFor(layers.Count - 1),
            CountWidth: countWidth,
            RemainWidth: Math.Max(WidthFor(maxLayerWeights), countWidth),
            MaxLayerWeights: maxLayerWeights,
            RomDepth: huffman?.SymbolRomDepth ?? 0,
            RomAddrWidth: huffman?.IndexWidth ?? 1,
            MemFile: huffman is null ? "" : model.Name + "_rom.mem",
            Layers: rtlLayers,
            LaneInstances: laneInstances,
            RomWords: huffman?.SymbolWords ?? [])
        {
            Coder = coder == CoderKind.Huffman ? "huffman" : "raw",
            LaneBitsMax = laneBits,
            LanesWindowWidth = Math.Min(lanes * laneWindow, wBuf),
            Huffman = huffman,
            RawBitWidths = coder == CoderKind.Raw ? layers.Select(l => l.Bits).Distinct().Order().ToList() : [],
        };
    }
}
