using System.Globalization;
using DecoderHw.Model;

namespace DecoderHw.Rtl;

/// <summary>One layer as the RTL sees it: its constants in the layer case statements and its place in the ROM.</summary>
/// <param name="TableLog">Effective table_log (tl_k): bits each active lane reads in the layer's INIT beat.</param>
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

    /// <summary>Pipelined lanes (states_per_lane 2): bit j set when lane j's second state (stream lane L + j) has
    /// weights in the layer and so reads table_log bits in the second INIT beat; like <see cref="ActiveMask"/>.</summary>
    public string SecondMask { get; init; } = "";

    /// <summary>Pipelined lanes: table_log of the next layer (0 after the last), the first INIT beat that follows this layer.</summary>
    public int NextTableLog { get; init; }

    /// <summary>Pipelined lanes: the next layer's <see cref="ActiveMask"/> (all 0 after the last layer).</summary>
    public string NextActiveMask { get; init; } = "";
}

/// <summary>A lane instance: which bits of the buffer it can see.</summary>
/// <param name="WindowWidth">Low bits of the bit buffer wired to the lane: lane j reads at offset
/// at most j*TLMAX, so it needs (j+1)*TLMAX bits (never more than the buffer).</param>
public sealed record RtlLane(int Index, int WindowWidth)
{
    /// <summary>The lane below (-1 for lane 0): Huffman lanes chain their offsets.</summary>
    public int Previous => Index - 1;
}

/// <summary>Every number the generated Verilog needs, computed and checked here so the templates only place text.
/// Names follow docs/architecture.md (L, IW, TLMAX, C_MAX, W_BUF). Huffman and raw: RtlModel.Prefix.cs.</summary>
public sealed partial record RtlModel(
    string Name,
    string GeneratorVersion,
    string SpecFile,
    int Lanes,
    int InputWidth,
    int MaxBits,
    int MaxTableLog,
    int BitsPerCycle,
    int BufferWidth,
    int StateWidth,
    int NbBitsWidth,
    int EntryWidth,
    int FillWidth,
    int LayerCount,
    int LayerWidth,
    int CountWidth,
    int RemainWidth,
    long MaxLayerWeights,
    int RomDepth,
    int RomAddrWidth,
    string MemFile,
    IReadOnlyList<RtlLayer> Layers,
    IReadOnlyList<RtlLane> LaneInstances,
    IReadOnlyList<string> RomWords)
{
    public string DecoderModule => Name + "_decoder";
    public string BitbufModule => Name + "_bitbuf";
    public string TagCheckModule => Name + "_tag_check";

    /// <summary>The stream's word 0 this decoder accepts (docs/bitstream.md, "Model tag"), as hex digits.</summary>
    public string ModelTagHex { get; init; } = "";
    public string LaneModule => Name + "_lane";
    public string TablesModule => Name + "_tables";
    public string TableBuilderModule => Name + "_table_builder";

    /// <summary>tANS states per lane: 2 selects the pipelined single-lane decoder (decoder_pipe.sv.sbn).</summary>
    public int StatesPerLane { get; init; } = 1;

    public bool IsPipelined => StatesPerLane == 2;

    /// <summary>Pipelined with more than one lane: the beat's lane offsets and bit count are registers.</summary>
    public bool MultiLane => Lanes > 1;

    /// <summary>Lanes of the stream format: L x states_per_lane.</summary>
    public int StreamLanes => Lanes * StatesPerLane;

    /// <summary>tables: ram only (<see cref="RamRtlModel"/>): header fields and table-load widths; null for rom.</summary>
    public RamRtl? Ram { get; init; }

    /// <summary>coder: huffman, tables: ram only (<see cref="HuffmanRamRtlModel"/>); null otherwise.</summary>
    public HuffmanRamRtl? HuffmanRam { get; init; }

    /// <summary>The decoder loads its tables from the stream (either coder): no ROM image, no MemFile parameter.</summary>
    public bool IsRamTables => Ram is not null || HuffmanRam is not null;
    public string CodeBuilderModule => Name + "_code_builder";

    // Port and vector MSBs, so the templates do no arithmetic.
    public int InputMsb => InputWidth - 1;
    public int DataMsb => Lanes * MaxBits - 1;
    public int LanesMsb => Lanes - 1;
    public int BufferMsb => BufferWidth - 1;
    public int FillMsb => FillWidth - 1;
    public int StateMsb => StateWidth - 1;
    public int NbBitsMsb => NbBitsWidth - 1;
    public int LayerMsb => LayerWidth - 1;
    public int CountMsb => CountWidth - 1;
    public int RemainMsb => RemainWidth - 1;
    public int RomAddrMsb => RomAddrWidth - 1;
    public int EntryMsb => EntryWidth - 1;
    public int StatesMsb => Lanes * StateWidth - 1;
    public int EntriesMsb => Lanes * EntryWidth - 1;
    public int LastLayer => LayerCount - 1;

    /// <summary>Layers from the last to the first: the order of a Verilog concatenation with layer 0 lowest.</summary>
    public IReadOnlyList<RtlLayer> LayersDescending => Layers.Reverse().ToList();

    /// <summary>Free room that lets a word in: s_ready needs fill_q &lt;= W_BUF - IW.</summary>
    public int ReadyFillLimit => BufferWidth - InputWidth;

    /// <summary>Bits of the place a word lands in the buffer (0..W_BUF - IW): the pipelined buffer's append shifter.</summary>
    public int AppendPosWidth => WidthFor(ReadyFillLimit);

    /// <summary>Entry field offsets in a ROM word {value, nbBits, baseline}.</summary>
    public int EntryNbBitsLsb => StateWidth;
    public int EntryValueLsb => StateWidth + NbBitsWidth;

    public static int CeilLog2(long n)
    {
        int w = 0;
        while ((1L << w) < n) w++;
        return w;
    }

    /// <summary>Bits to hold 0..max, at least 1 (a Verilog vector cannot be 0 bits wide).</summary>
    public static int WidthFor(long max) => Math.Max(1, CeilLog2(max + 1));

    public static RtlModel From(ResolvedModel model, string specFile, string generatorVersion)
    {
        if (model.Spec.Coder != Spec.CoderKind.Tans) return FromPrefixCoder(model, specFile, generatorVersion);
        var layers = model.Layers;
        Check(layers.Count >= 1, "a model needs at least one layer");
        Check(model.Lanes is >= 1 and <= Spec.DecoderSpec.MaxLanes, $"lanes must be 1..{Spec.DecoderSpec.MaxLanes}, got {model.Lanes}");
        Check(model.InputWidth is >= Spec.DecoderSpec.MinInputWidth and <= Spec.DecoderSpec.MaxInputWidth,
            $"input_width must be {Spec.DecoderSpec.MinInputWidth}..{Spec.DecoderSpec.MaxInputWidth}, got {model.InputWidth}");
        Check(IsVerilogIdentifier(model.Name), $"name '{model.Name}' is not a Verilog identifier");

        int lanes = model.Lanes;
        Check(model.StatesPerLane is 1 or 2, $"states_per_lane {model.StatesPerLane} has no RTL");
        int maxBits = model.MaxBits;
        int tlMax = model.MaxTableLog;
        int cMax = model.MaxBitsPerCycle;
        int wBuf = model.BufferWidth;
        Check(cMax == lanes * tlMax && wBuf == model.InputWidth + (model.StatesPerLane == 2 ? 1 : 2) * cMax, "C_MAX and W_BUF disagree with docs/architecture.md");

        int stateWidth = Math.Max(1, tlMax);
        int nbBitsWidth = WidthFor(tlMax);
        int countWidth = WidthFor(lanes);
        long maxLayerWeights = layers.Max(l => (long)l.WeightCount);
        // remain_q is compared with and sliced to the lane count, so it is never narrower than m_count_o.
        // The pipelined lanes also compare it with up to 3L - 1 (a state's last weight).
        int remainWidth = Math.Max(WidthFor(maxLayerWeights), model.StatesPerLane == 2 ? WidthFor(3L * lanes) : countWidth);

        // Tables sit largest first: sizes are powers of two in decreasing order, so every base is a
        // multiple of its own size and the ROM address is base | state.
        var order = layers.OrderByDescending(l => 1 << l.TableLog).ThenBy(l => l.Index).ToList();
        var bases = new int[layers.Count];
        int next = 0;
        foreach (var layer in order)
        {
            bases[layer.Index] = next;
            next += 1 << layer.TableLog;
        }
        int romDepth = next;
        int romAddrWidth = Math.Max(1, CeilLog2(romDepth));

        int entryWidth = maxBits + nbBitsWidth + stateWidth;
        var romWords = new string[romDepth];
        var rtlLayers = new List<RtlLayer>();
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            Check(layer.Index == k, $"layer {k} has index {layer.Index}");
            Check(layer.WeightCount >= 1, $"layer '{layer.Name}' has no weights");
            Check(layer.TableLog >= 0 && layer.TableLog <= Spec.DecoderSpec.MaxTableLog, $"layer '{layer.Name}': table_log {layer.TableLog}");
            int size = 1 << layer.TableLog;
            var decode = layer.Tables.Decode;
            Check(decode.Length == size, $"layer '{layer.Name}': decode table has {decode.Length} entries, expected {size}");
            Check(bases[k] % size == 0, $"layer '{layer.Name}': ROM base {bases[k]} not aligned to {size}");
            for (int s = 0; s < size; s++)
            {
                var e = decode[s];
                Check(e.Symbol >= 0 && e.Symbol < layer.SymbolCount, $"layer '{layer.Name}' state {s}: symbol {e.Symbol} out of range");
                Check(e.NbBits >= 0 && e.NbBits <= layer.TableLog, $"layer '{layer.Name}' state {s}: nbBits {e.NbBits} > table_log");
                Check(e.Baseline >= 0 && e.Baseline + (1L << e.NbBits) <= size,
                    $"layer '{layer.Name}' state {s}: baseline {e.Baseline} + 2^{e.NbBits} leaves the table");
                // The lanes form baseline | bits: FSE's baselines are multiples of 2^nbBits.
                Check((e.Baseline & ((1 << e.NbBits) - 1)) == 0,
                    $"layer '{layer.Name}' state {s}: baseline {e.Baseline} is not a multiple of 2^{e.NbBits}");
                long value = e.Symbol - layer.MaxLevel;
                long word = ((value & ((1L << maxBits) - 1)) << (nbBitsWidth + stateWidth))
                          | ((long)e.NbBits << stateWidth)
                          | (long)e.Baseline;
                romWords[bases[k] + s] = word.ToString("x" + ((entryWidth + 3) / 4).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            }
            int active = layer.ActiveLanes(lanes);
            var mask = new char[lanes];
            for (int j = 0; j < lanes; j++) mask[lanes - 1 - j] = j < active ? '1' : '0';
            rtlLayers.Add(new RtlLayer(k, layer.Name, layer.Bits, layer.TableLog, size, layer.WeightCount, active, new string(mask), bases[k])
            {
                SecondMask = LaneMask(lanes, j => lanes + j < layer.WeightCount),
                NextTableLog = k + 1 < layers.Count ? layers[k + 1].TableLog : 0,
                NextActiveMask = LaneMask(lanes, j => k + 1 < layers.Count && j < layers[k + 1].WeightCount),
            });
        }

        var laneInstances = Enumerable.Range(0, lanes)
            .Select(j => new RtlLane(j, Math.Min((j + 1) * stateWidth, wBuf)))
            .ToList();
        // A lane must see its largest offset plus a full read: j*TLMAX + TLMAX bits.
        foreach (var lane in laneInstances)
            Check(lane.WindowWidth >= Math.Min((lane.Index + 1) * tlMax, wBuf) && lane.WindowWidth >= stateWidth,
                $"lane {lane.Index}: window {lane.WindowWidth} too narrow");

        return new RtlModel(
            Name: model.Name,
            GeneratorVersion: generatorVersion,
            SpecFile: specFile,
            Lanes: lanes,
            InputWidth: model.InputWidth,
            MaxBits: maxBits,
            MaxTableLog: tlMax,
            BitsPerCycle: cMax,
            BufferWidth: wBuf,
            StateWidth: stateWidth,
            NbBitsWidth: nbBitsWidth,
            EntryWidth: entryWidth,
            FillWidth: WidthFor(wBuf),
            LayerCount: layers.Count,
            LayerWidth: WidthFor(layers.Count - 1),
            CountWidth: countWidth,
            RemainWidth: remainWidth,
            MaxLayerWeights: maxLayerWeights,
            RomDepth: romDepth,
            RomAddrWidth: romAddrWidth,
            MemFile: model.Name + "_rom.mem",
            Layers: rtlLayers,
            LaneInstances: laneInstances,
            RomWords: romWords)
        {
            StatesPerLane = model.StatesPerLane,
        };
    }

    /// <summary>A binary literal of <paramref name="lanes"/> digits, lane 0 rightmost.</summary>
    private static string LaneMask(int lanes, Func<int, bool> set) =>
        new(Enumerable.Range(0, lanes).Reverse().Select(j => set(j) ? '1' : '0').ToArray());

    private static bool IsVerilogIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException("RTL model: " + message);
    }
}
