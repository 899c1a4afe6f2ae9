using System.Globalization;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>A block template and the file it renders to (NAME + <paramref name="Suffix"/>).</summary>
public sealed record RtlBlock(string Template, string Suffix);

/// <summary>
/// Which decoder the RTL is: the coder, where its tables come from and how many states a lane holds.
/// Every variant is the same top (rtl-templates/decoder.sv.sbn: ports, bit buffer, control, output
/// register, END checks) filled with the blocks it declares in <see cref="Blocks"/>; its fields are the
/// numbers those blocks need, and <see cref="TableBits"/> is its table storage for sizing. A new coder
/// or table mode is a new record here and its block templates, not a new top.
/// </summary>
public abstract record RtlVariant
{
    /// <summary>The template of every decoder's top module.</summary>
    public static readonly RtlBlock Top = new("decoder.sv.sbn", "_decoder.sv");

    /// <summary>tans, rans, huffman or raw: the spec's coder as written in YAML.</summary>
    public abstract string Coder { get; }

    /// <summary>A human name for headers: "tANS", "canonical Huffman", "raw (fixed-width)".</summary>
    public abstract string CoderTitle { get; }

    /// <summary>The modules under the top, in file order (leaves need no order in SystemVerilog).</summary>
    public abstract IReadOnlyList<RtlBlock> Blocks { get; }

    /// <summary>Bits of table storage (ROM, RAM and table registers), for compare and sweep.</summary>
    public abstract long TableBits(RtlModel rtl);

    /// <summary>$readmemh image the top takes as its MemFile parameter; "" when there is none.</summary>
    public virtual string MemFile => "";

    /// <summary>The contents of <see cref="MemFile"/>.</summary>
    public virtual string RomImage(RtlModel rtl) => "";

    /// <summary>tables: ram: the top has the load phase (the header loader) and no MemFile parameter.</summary>
    public virtual bool TablesLoaded => false;

    /// <summary>ram_banks: 3 (coder tans, tables: ram): the loader, control and tables render their third bank.</summary>
    public virtual bool ThreeBanks => false;

    /// <summary>ram_banks: 1 (coder tans, tables: ram): the loader, control and tables render one bank (no bank ports).</summary>
    public virtual bool OneBank => false;

    public bool IsTans => Coder == "tans";
    public bool IsRans => Coder == "rans";
    public bool IsRaw => Coder == "raw";
    public bool HasMemFile => MemFile.Length > 0;

    /// <summary>Every module of the decoder, the top first.</summary>
    public IReadOnlyList<RtlBlock> Modules => [Top, .. Blocks];

    /// <summary>The objects whose fields the templates see by name, besides the core and the variant itself.</summary>
    public virtual IEnumerable<object> TemplateParts => [];

    /// <summary>The variant of a resolved model, and the shape the common core is sized by.</summary>
    public static (RtlVariant Variant, RtlShape Shape) For(ResolvedModel model) =>
        (model.Spec.Coder, model.Spec.Tables, model.StatesPerLane) switch
        {
            (CoderKind.Tans, TableMode.Rom, 1) => TansRtl.Rom(model),
            (CoderKind.Tans, TableMode.Rom, _) => TansRtl.Pipelined(model),
            (CoderKind.Tans, TableMode.Ram, 1) => RamRtlModel.From(model),
            (CoderKind.Huffman, TableMode.Rom, 1) => PrefixRtl.Huffman(model),
            (CoderKind.Huffman, TableMode.Ram, 1) => HuffmanRamRtlModel.From(model),
            (CoderKind.Raw, TableMode.Rom, 1) => PrefixRtl.Raw(model),
            (CoderKind.Rans, TableMode.Rom, 1) => RansRtl.Rom(model),
            (CoderKind.Rans, TableMode.Ram, 1) => RansRtl.Ram(model),
            var (coder, tables, states) => throw new InvalidOperationException(
                $"RTL model: coder {coder}, tables {tables}, states_per_lane {states} has no RTL"),
        };
}

/// <summary>coder: tans, tables: rom, one state per lane: a ROM per lane, every lane reading each cycle.</summary>
public sealed record TansRomRtl(TansWidths Tans, TansRom Rom) : RtlVariant
{
    public override string Coder => "tans";
    public override string CoderTitle => "tANS";
    public override IReadOnlyList<RtlBlock> Blocks =>
        [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("prefix_sum.sv.sbn", "_prefix_sum.sv"), new("lane.sv.sbn", "_lane.sv"), new("tables.sv.sbn", "_tables.sv")];
    public override string MemFile => Rom.MemFile;
    public override string RomImage(RtlModel rtl) => Rom.Image(rtl, Tans);
    public override long TableBits(RtlModel rtl) => (long)Rom.RomDepth * Tans.EntryWidth * rtl.Lanes;
    public override IEnumerable<object> TemplateParts => [Tans, Rom];
}

/// <summary>coder: tans, tables: rom, states_per_lane S &gt; 1: each lane's S states take turns through a
/// pipeline, so a table lookup gets S cycles; its own bit buffer (no shifter waits on the beat's compare)
/// and one ROM per lane with a read enable.</summary>
/// <summary>Layer 0's first INIT beat as constants: its bit count and every lane's offset (a Verilog concatenation, lane L-1 first).</summary>
public sealed record PipeFirstInit(int Need, string Offsets);

public sealed record TansPipelinedRtl(TansWidths Tans, TansRom Rom, int StatesPerLane, PipeFirstInit FirstInit) : RtlVariant
{
    public override string Coder => "tans";
    public override string CoderTitle => "tANS";
    public override IReadOnlyList<RtlBlock> Blocks =>
        Tans.Lanes > 1
            ? [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("prefix_sum.sv.sbn", "_prefix_sum.sv"), new("tables.sv.sbn", "_tables.sv")]
            : [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("tables.sv.sbn", "_tables.sv")];
    public override string MemFile => Rom.MemFile;
    public override string RomImage(RtlModel rtl) => Rom.Image(rtl, Tans);
    public override long TableBits(RtlModel rtl) => (long)Rom.RomDepth * Tans.EntryWidth * rtl.Lanes;
    public override IEnumerable<object> TemplateParts => [Tans, Rom];

    /// <summary>The INIT beats after the first: states 1..S-1 (the template loops over them).</summary>
    public IReadOnlyList<PipeState> LaterStates => Enumerable.Range(1, StatesPerLane - 1).Select(s => new PipeState(s)).ToList();
    /// <summary>Per layer, one bit per lane and state 1..S-1: which of them have weights.</summary>
    public int LaterMaskWidth => (StatesPerLane - 1) * Tans.Lanes;
    public int LaterMaskMsb => LaterMaskWidth - 1;
    /// <summary>Entry registers after the ROM's output register: X takes the entry read S - 1 beats ago,
    /// so S - 2 more (none for two states). Their indices 1..S-2, each fed by the one before.</summary>
    public IReadOnlyList<PipeState> EntryDelays => Enumerable.Range(1, Math.Max(0, StatesPerLane - 2)).Select(d => new PipeState(d)).ToList();
    public int OldestEntryDelay => StatesPerLane - 2;
    public int StateIndexWidth => RtlModel.WidthFor(StatesPerLane - 1);
    public int StateIndexMsb => StateIndexWidth - 1;
    public int LastState => StatesPerLane - 1;

    /// <summary>Three or more states and several lanes: the bit counts, lane offsets and sum of the beat
    /// after next are formed from the entry before X's (the ROM output for three states) and registered,
    /// so neither the ROM read nor the prefix sum leads into the bit buffer's enough/kept compares.</summary>
    public bool SumsAhead => StatesPerLane >= 3 && Tans.Lanes > 1;
    /// <summary>The entry register of the beat after next: read S - 2 beats before it, one stage before X's.</summary>
    public string AheadEntry => StatesPerLane <= 3 ? "entry_rom" : $"entry_{(StatesPerLane - 3).ToString(CultureInfo.InvariantCulture)}_q";
    /// <summary>INIT beats p = 0..S-3 (Previous): when one fires, the beat after next is INIT beat p + 2, state p + 2's
    /// bit counts (later_nb index Index = p + 1). INIT beat S - 2's beat after next is the layer's first decode beat.</summary>
    public IReadOnlyList<PipeState> AheadInitStates => Enumerable.Range(1, Math.Max(0, StatesPerLane - 2)).Select(s => new PipeState(s)).ToList();
    public int FirstInitNeed => FirstInit.Need;
    public string FirstInitOffsets => FirstInit.Offsets;
}

/// <summary>coder: tans, tables: ram: the header loader reads each layer's counts, the table builder
/// writes every lane's table RAM; the lanes and bit buffer are the rom decoder's.</summary>
public sealed record TansRamRtl(TansWidths Tans, RamHeaderRtl Header, RamRtl Ram) : RtlVariant
{
    public override string Coder => "tans";
    public override string CoderTitle => "tANS";
    public override bool TablesLoaded => true;
    public override bool ThreeBanks => Ram.ThreeBanks;
    public override bool OneBank => Ram.OneBank;
    public override IReadOnlyList<RtlBlock> Blocks =>
        [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("loader.sv.sbn", "_loader.sv"), new("prefix_sum.sv.sbn", "_prefix_sum.sv"),
         new("lane.sv.sbn", "_lane.sv"), new("tables_ram.sv.sbn", "_tables.sv")];

    /// <summary>docs/architecture.md, "tables: ram": every lane's decode table in each bank, the spread's symbol
    /// RAM, each build engine's symbolNext copy, and with ram_banks: 3 the three counts buffers.</summary>
    public override long TableBits(RtlModel rtl) =>
        (long)Ram.Banks * Ram.TableDepth * Tans.EntryWidth * rtl.Lanes
        + (long)Ram.TableDepth * rtl.MaxBits
        + (long)Ram.BuildEngines * Ram.SymbolNextDepth * Ram.NextWidth
        + (Ram.ThreeBanks ? 3L * Ram.SymbolNextDepth * Ram.NextWidth : 0);
    public override IEnumerable<object> TemplateParts => [Tans];
}

/// <summary>coder: huffman, tables: rom: the chained Huffman lanes with End/Base constants per layer and a symbol ROM.</summary>
public sealed record HuffmanRomRtl(PrefixLanes Prefix, HuffmanRtlTables Huffman, string RomFile) : RtlVariant
{
    public override string Coder => "huffman";
    public override string CoderTitle => "canonical Huffman";
    public override IReadOnlyList<RtlBlock> Blocks =>
        [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("lane_huffman.sv.sbn", "_lane.sv"), new("lanes_huffman.sv.sbn", "_lanes.sv"),
         new("tables_huffman.sv.sbn", "_tables.sv")];
    public override string MemFile => RomFile;
    public override string RomImage(RtlModel rtl) => Huffman.RomImage(rtl, RomFile);
    public override long TableBits(RtlModel rtl) =>
        (long)Huffman.SymbolRomDepth * rtl.MaxBits + (long)rtl.LayerCount * (Huffman.EndsWidth + Huffman.BasesWidth);
    public override IEnumerable<object> TemplateParts => [Prefix];
}

/// <summary>coder: huffman, tables: ram: the header loader reads each layer's code lengths, the code builder
/// writes End/Base and the symbol RAM; the lanes are the rom decoder's.</summary>
public sealed record HuffmanRamRtl(PrefixLanes Prefix, HuffmanRtlTables Huffman, RamHeaderRtl Header, HuffmanLoadRtl HuffmanRam) : RtlVariant
{
    public override string Coder => "huffman";
    public override string CoderTitle => "canonical Huffman";
    public override bool TablesLoaded => true;
    public override IReadOnlyList<RtlBlock> Blocks =>
        [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("loader.sv.sbn", "_loader.sv"), new("lane_huffman.sv.sbn", "_lane.sv"),
         new("lanes_huffman.sv.sbn", "_lanes.sv"), new("tables_huffman_ram.sv.sbn", "_tables.sv")];

    /// <summary>The symbol RAM, the length RAM and End/Base (docs/architecture.md).</summary>
    public override long TableBits(RtlModel rtl) =>
        2L * HuffmanRam.SymbolDepth * rtl.MaxBits + (long)HuffmanRam.SymbolDepth * Huffman.LengthWidth + 2L * (Huffman.EndsWidth + Huffman.BasesWidth);
    public override IEnumerable<object> TemplateParts => [Prefix];
}

/// <summary>coder: raw: fixed-width codes, no tables.</summary>
public sealed record RawRtl(PrefixLanes Prefix, IReadOnlyList<int> RawBitWidths, int BitsWidth) : RtlVariant
{
    public override string Coder => "raw";
    public override string CoderTitle => "raw (fixed-width)";
    public override IReadOnlyList<RtlBlock> Blocks => [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("lanes_raw.sv.sbn", "_lanes.sv")];
    public override long TableBits(RtlModel rtl) => 0;
    public override IEnumerable<object> TemplateParts => [Prefix];
    public int BitsMsb => BitsWidth - 1;
}

/// <summary>State <paramref name="Index"/> of a pipelined lane; its INIT beat follows state <see cref="Previous"/>'s.</summary>
public sealed record PipeState(int Index)
{
    public int Previous => Index - 1;
}
