using System.Globalization;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>One layer as the RTL sees it: its constants in the layer case statements and its place in the ROM.</summary>
/// <param name="TableLog">Effective table_log (tl_k): bits each active lane reads in the layer's INIT beat (0 without tANS).</param>
/// <param name="ActiveLanes">act_k = min(lanes, weights): lanes that take an initial state.</param>
/// <param name="ActiveMask">Bit j set for lane j &lt; act_k, as a binary literal of <c>lanes</c> digits.</param>
/// <param name="Base">ROM address of the layer's state 0; a multiple of <see cref="TableSize"/>, so base | state = base + state.</param>
public sealed record RtlLayer(
    int Index,
    string Name,
    int Bits,
    int TableLog,
    int TableSize,
    int Weights,
    int ActiveLanes,
    string ActiveMask,
    int Base)
{
    public string BaseHex => Base.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Pipelined lanes: <c>StateMasks[s]</c> has bit j set when lane j's state s (stream lane s*L + j)
    /// has weights in the layer and so reads table_log bits in INIT beat s; state 0's is <see cref="ActiveMask"/>.</summary>
    public IReadOnlyList<string> StateMasks { get; init; } = [];

    /// <summary>Pipelined lanes: the masks of states S-1 down to 1, concatenated (state 1's lowest).</summary>
    public string LaterMask => string.Concat(StateMasks.Skip(1).Reverse());

    /// <summary>Pipelined lanes: table_log of the next layer (0 after the last), the first INIT beat that follows this layer.</summary>
    public int NextTableLog { get; init; }

    /// <summary>Pipelined lanes: the next layer's <see cref="ActiveMask"/> (all 0 after the last layer).</summary>
    public string NextActiveMask { get; init; } = "";

    /// <summary>Pipelined lanes: the next layer's state-1 mask (all 0 after the last layer), its second INIT beat:
    /// with three states the bit counts of the beat after next are summed a cycle ahead.</summary>
    public string NextSecondMask { get; init; } = "";

    /// <summary>Three states on the circular buffer: at the layer's first decode beat, bit j is whether lane j
    /// has a weight in the beat after next (n &gt; 2L + j), and whether its weight in the first beat is its
    /// state's last (n &lt;= S*L + j). Constants of the layer, looked up rather than compared with the layer's
    /// weight count, so no compare leads the FSM's choice of X's next beat.</summary>
    public string InitFarMask { get; init; } = "";
    public string InitLastStateMask { get; init; } = "";
}

/// <summary>A lane instance: which bits of the buffer it can see.</summary>
/// <param name="WindowWidth">Low bits of the bit buffer wired to the lane: lane j reads at offset
/// at most j times a lane's longest read, so it needs j+1 of them (never more than the buffer).</param>
public sealed record RtlLane(int Index, int WindowWidth)
{
    /// <summary>The lane below (-1 for lane 0): Huffman lanes chain their offsets.</summary>
    public int Previous => Index - 1;
}

/// <summary>The numbers a variant decides and the common core sizes itself by: a rom decoder takes them
/// from its model, a tables: ram decoder from its ram_limits.</summary>
/// <param name="RemainCompareMax">Largest constant remain_q is compared with besides a layer's weights
/// (the lane count, or a state's last weight in the pipelined lanes), so remain_q holds it.</param>
public sealed record RtlShape(int MaxBits, int LayerCount, long MaxLayerWeights, long RemainCompareMax, IReadOnlyList<RtlLayer> Layers);

/// <summary>Every number the generated Verilog needs, computed and checked here so the templates only place text:
/// the core every variant shares (ports, bit buffer, control, output register), built once, and the
/// <see cref="Variant"/> that says which blocks fill it. Names follow docs/architecture.md (L, IW, C_MAX, W_BUF).</summary>
/// <param name="BufferBeats">Beats of worst-case consumption the bit buffer holds beside one word: W_BUF = IW + this * C_MAX.</param>
/// <param name="RemainCompareMax">The largest constant remain_q is compared with (at least L): RemainWidth holds it.</param>
public sealed record RtlModel(
    string Name,
    string GeneratorVersion,
    string SpecFile,
    int Lanes,
    int StatesPerLane,
    int InputWidth,
    int MaxBits,
    int BitsPerCycle,
    int BufferWidth,
    int BufferBeats,
    int LayerCount,
    int RemainWidth,
    long RemainCompareMax,
    long MaxLayerWeights,
    IReadOnlyList<RtlLayer> Layers,
    RtlVariant Variant)
{
    public string DecoderModule => Name + "_decoder";
    public string BitbufModule => Name + "_bitbuf";
    public string TagCheckModule => Name + "_tag_check";

    /// <summary>The stream's word 0 this decoder accepts (docs/bitstream.md, "Model tag"), as hex digits.</summary>
    public string ModelTagHex { get; init; } = "";
    public string LaneModule => Name + "_lane";
    public string LanesModule => Name + "_lanes";
    public string TablesModule => Name + "_tables";
    public string PrefixSumModule => Name + "_prefix_sum";
    public string LoaderModule => Name + "_loader";

    /// <summary>Lanes hold several tANS states that take turns (the pipelined lanes).</summary>
    public bool IsPipelined => StatesPerLane > 1;


    /// <summary>m_count_o is a register; a pipelined single lane has one weight in every beat, so its count is the constant 1.</summary>
    public bool CountRegistered => !(IsPipelined && Lanes == 1);

    /// <summary>Pipelined with more than one lane: the beat's lane offsets and bit count are registers.</summary>
    public bool MultiLane => Lanes > 1;

    /// <summary>Lanes of the stream format: L x states_per_lane.</summary>
    public int StreamLanes => Lanes * StatesPerLane;

    public int FillWidth => WidthFor(BufferWidth);
    public int LayerWidth => WidthFor(LayerCount - 1);
    public int CountWidth => WidthFor(Lanes);

    // Port and vector MSBs, so the templates do no arithmetic.
    public int InputMsb => InputWidth - 1;
    public int DataMsb => Lanes * MaxBits - 1;
    public int LanesMsb => Lanes - 1;
    public int BufferMsb => BufferWidth - 1;
    public int FillMsb => FillWidth - 1;
    public int LayerMsb => LayerWidth - 1;
    public int CountMsb => CountWidth - 1;
    public int RemainMsb => RemainWidth - 1;
    public int LastLayer => LayerCount - 1;

    /// <summary>Layers from the last to the first: the order of a Verilog concatenation with layer 0 lowest.</summary>
    public IReadOnlyList<RtlLayer> LayersDescending => Layers.Reverse().ToList();

    /// <summary>Free room that lets a word in: s_ready needs fill_q &lt;= W_BUF - IW.</summary>
    public int ReadyFillLimit => BufferWidth - InputWidth;

    /// <summary>Bits of the place a word lands in the buffer (0..W_BUF - IW): the pipelined buffer's append shifter.</summary>
    public int AppendPosWidth => WidthFor(ReadyFillLimit);

    /// <summary>The pipelined buffer of three states and several lanes is circular when IW is a power of
    /// two: its storage (<see cref="StoreWidth"/> bits, a power of two, so whole words) never shifts, a word
    /// lands in the slot after the last one written, and a firing beat moves the read pointer, so no data
    /// path waits on the beat that fires. Each lane's read is split: a cycle ahead, when its next pointer
    /// is known, it registers the coarse window of the store's next contents from the pointer rounded down
    /// to <see cref="CoarseStep"/> bits; in its own cycle it shifts that register by the pointer's low
    /// bits (docs/architecture.md, "The circular bit buffer"). Two states (whose lane offsets come from
    /// the ROM in the cycle before) and one lane keep the shifting window.</summary>
    public bool IsCircular => IsPipelined && Lanes > 1 && StatesPerLane >= 3 && (InputWidth & (InputWidth - 1)) == 0;

    /// <summary>Bits the buffer stores: W_BUF, or for the circular buffer the power of two at or above it
    /// and at least two words (whole words, since IW is a power of two: one slot being written, one
    /// read, when no beat reads a bit and W_BUF is one word).</summary>
    public int StoreWidth => IsCircular ? 1 << CeilLog2(Math.Max(BufferWidth, 2L * InputWidth)) : BufferWidth;
    public int StoreMsb => StoreWidth - 1;

    /// <summary>Circular buffer: bits of a read pointer (0..StoreWidth - 1) and of a word slot's index.</summary>
    public int PtrWidth => CeilLog2(StoreWidth);
    public int PtrMsb => PtrWidth - 1;
    public int StoreSlots => StoreWidth / InputWidth;
    public int SlotWidth => WidthFor(StoreSlots - 1);
    public int InputLog => CeilLog2(InputWidth);

    /// <summary>Circular buffer: the lanes' coarse window steps (8 bits: an 8-way multiplexer a cycle
    /// ahead for a 64-bit store, an 8-way shifter in the beat's cycle).</summary>
    public int CoarseLog => Math.Min(3, PtrWidth - 1);
    public int CoarseStep => 1 << CoarseLog;

    public static int CeilLog2(long n)
    {
        int w = 0;
        while ((1L << w) < n) w++;
        return w;
    }

    /// <summary>Bits to hold 0..max, at least 1 (a Verilog vector cannot be 0 bits wide).</summary>
    public static int WidthFor(long max) => Math.Max(1, CeilLog2(max + 1));

    /// <summary>The one construction of the RTL model: the checks every decoder needs, the variant
    /// (<see cref="RtlVariant.For"/>), then the core sized by the variant's shape.</summary>
    public static RtlModel From(ResolvedModel model, string specFile, string generatorVersion)
    {
        Check(model.Layers.Count >= 1, "a model needs at least one layer");
        Check(model.Lanes is >= 1 and <= DecoderSpec.MaxLanes, $"lanes must be 1..{DecoderSpec.MaxLanes}, got {model.Lanes}");
        Check(model.InputWidth is >= DecoderSpec.MinInputWidth and <= DecoderSpec.MaxInputWidth,
            $"input_width must be {DecoderSpec.MinInputWidth}..{DecoderSpec.MaxInputWidth}, got {model.InputWidth}");
        Check(IsVerilogIdentifier(model.Name), $"name '{model.Name}' is not a Verilog identifier");
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var layer = model.Layers[k];
            Check(layer.WeightCount >= 1, $"layer '{layer.Name}' has no weights");
            Check(layer.Index == k, $"layer {k} has index {layer.Index}");
        }

        var (variant, shape) = RtlVariant.For(model);
        return new RtlModel(
            Name: model.Name,
            GeneratorVersion: generatorVersion,
            SpecFile: specFile,
            Lanes: model.Lanes,
            StatesPerLane: model.StatesPerLane,
            InputWidth: model.InputWidth,
            MaxBits: shape.MaxBits,
            BitsPerCycle: model.MaxBitsPerCycle,
            BufferWidth: model.BufferWidth,
            BufferBeats: model.BufferBeats,
            LayerCount: shape.LayerCount,
            // remain_q is compared with and sliced to the lane count, so it is never narrower than m_count_o;
            // it also holds one more than its largest compare constant, or `remain_q <= L` is constant true
            // (lanes 1 and a one-weight layer: 1 bit) and verilator -Wall stops on CMPCONST.
            RemainWidth: Math.Max(WidthFor(shape.MaxLayerWeights), Math.Max(WidthFor(Math.Max(shape.RemainCompareMax, model.Lanes) + 1L), WidthFor(model.Lanes))),
            RemainCompareMax: Math.Max(shape.RemainCompareMax, model.Lanes),
            MaxLayerWeights: shape.MaxLayerWeights,
            Layers: shape.Layers,
            Variant: variant)
        {
            ModelTagHex = Codec.ModelTag.Hex(Codec.ModelTag.Word(model), model.InputWidth),
        };
    }

    /// <summary>A binary literal of <paramref name="lanes"/> digits, lane 0 rightmost.</summary>
    internal static string LaneMask(int lanes, Func<int, bool> set) =>
        new(Enumerable.Range(0, lanes).Reverse().Select(j => set(j) ? '1' : '0').ToArray());

    /// <summary>The layer list of a rom decoder without tANS tables (huffman, raw): no table_log, no ROM base.</summary>
    internal static IReadOnlyList<RtlLayer> PlainLayers(ResolvedModel model) =>
        model.Layers.Select(l => new RtlLayer(l.Index, l.Name, l.Bits, 0, 1, l.WeightCount, l.ActiveLanes(model.Lanes),
            LaneMask(model.Lanes, j => j < l.ActiveLanes(model.Lanes)), 0)).ToList();

    private static bool IsVerilogIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    internal static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException("RTL model: " + message);
    }
}
