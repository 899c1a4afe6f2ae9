using System.Globalization;
using System.Numerics;
using System.Text;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The widths of a rANS lane and of the table every lane compares against (docs/architecture.md,
/// "coder: rans"), the same for ROM and loaded tables.</summary>
/// <param name="MaxTableLog">TLMAX: the widest slot (x mod M) and cumulative sum.</param>
/// <param name="MaxStateLog">The widest state index x - L (SL_k = tl_k + B_k over layers): INIT's read per lane.</param>
/// <param name="MaxStateBits">The largest B_k: x &gt;&gt; tl has B_k + 1 bits; 0 means no multiplier.</param>
/// <param name="Entries">EMAX: table entries every lane compares against (the most present levels of a layer).</param>
/// <param name="FreqWidth">A frequency f: under 2^TLMAX from a rom model; up to 2^TLMAX from a loaded header.</param>
/// <param name="GroupSize">Grouped search: entries per group (a power of two; <see cref="Entries"/> is a multiple
/// of it, the last entries dead); 0 for the flat search.</param>
public sealed record RansWidths(int Lanes, int MaxBits, int MaxTableLog, int MaxStateLog, int MaxStateBits, int Entries, int FreqWidth,
    IReadOnlyList<RtlLane> LaneInstances, int GroupSize)
{
    public bool Grouped => GroupSize > 0;
    public int Groups => Grouped ? Entries / GroupSize : 1;
    /// <summary>Entries the lane's final comparators see: a group, or the whole table.</summary>
    public int SearchEntries => Grouped ? GroupSize : Entries;

    /// <summary>Bits of the state register (the index x - L), at least 1.</summary>
    public int StateWidth => Math.Max(1, MaxStateLog);
    /// <summary>A slot and a cumulative sum (both under 2^TLMAX), at least 1.</summary>
    public int CumWidth => Math.Max(1, MaxTableLog);
    /// <summary>Bits of a lane's bit count, table_log or state log (0..max SL).</summary>
    public int NbBitsWidth => RtlModel.WidthFor(MaxStateLog);
    /// <summary>x &gt;&gt; tl: B + 1 bits.</summary>
    public int HighWidth => MaxStateBits + 1;
    /// <summary>x' = f (x &gt;&gt; tl) + slot - c lies in [f 2^B, 2 f 2^B), under 2L: one bit over the state index.</summary>
    public int ShiftedWidth => StateWidth + 1;
    /// <summary>A lane multiplies f by x &gt;&gt; tl: some layer has B &gt; 0.</summary>
    public bool Multiplies => MaxStateBits > 0;
    /// <summary>Most bits a lane reads in a beat: its INIT state (C_MAX = L * this).</summary>
    public int LaneBitsMax => MaxStateLog;

    public int StateMsb => StateWidth - 1;
    public int ValueMsb => MaxBits - 1;
    public int FreqMsb => FreqWidth - 1;
    public int CumMsb => CumWidth - 1;
    public int NbBitsMsb => NbBitsWidth - 1;
    public int StatesMsb => Lanes * StateWidth - 1;
    public int EntriesMsb => Entries - 1;
    public int CumsWidth => Entries * CumWidth;
    public int FreqsWidth => Entries * FreqWidth;
    public int ValuesWidth => Entries * MaxBits;
    public int CumsMsb => CumsWidth - 1;
    public int FreqsMsb => FreqsWidth - 1;
    public int ValuesMsb => ValuesWidth - 1;
    /// <summary>f (x &gt;&gt; tl) &lt;= x' &lt; 2L: the product never needs more bits than x'.</summary>
    public int ProductWidth => Math.Min(FreqWidth + HighWidth, ShiftedWidth);

    public static RansWidths For(int lanes, int maxBits, int maxTableLog, int maxStateLog, int maxStateBits, int entries, int freqWidth, int bufferWidth,
        RansSearch search)
    {
        int stateWidth = Math.Max(1, maxStateLog);
        // INIT: lane j reads at offset at most j*SLMAX and then SLMAX bits (a decode beat reads at most tl per lane).
        var laneInstances = Enumerable.Range(0, lanes).Select(j => new RtlLane(j, Math.Min((j + 1) * stateWidth, bufferWidth))).ToList();
        return new RansWidths(lanes, maxBits, maxTableLog, maxStateLog, maxStateBits, PaddedEntries(search, entries), freqWidth, laneInstances,
            GroupSizeFor(search, entries));
    }

    /// <summary>Entries the tables hold: a grouped search pads them to whole groups (dead entries).</summary>
    public static int PaddedEntries(RansSearch search, int entries)
    {
        int groupSize = GroupSizeFor(search, entries);
        return groupSize == 0 ? entries : (entries + groupSize - 1) / groupSize * groupSize;
    }

    /// <summary>The grouped search's group: the power of two nearest above sqrt(entries), so the group
    /// comparators and the entry comparators are about as many (2 sqrt(E) in all, 32 for 255 entries).</summary>
    public static int GroupSizeFor(RansSearch search, int entries)
    {
        bool grouped = search == RansSearch.Grouped || (search == RansSearch.Auto && entries > DecoderSpec.FlatSearchMaxEntries);
        if (!grouped || entries < 2) return 0;
        int size = 1;
        while ((long)size * size < entries) size <<= 1;
        return size;
    }
}

/// <summary>One layer's rANS table as ROM constants: EMAX entries {value, f, c} in slot order, the unused
/// ones marked dead (live bit 0, never selected).</summary>
/// <param name="StateLog">SL_k: bits of the layer's initial states (0 for a one-symbol layer).</param>
public sealed record RansRomLayer(int Index, string Name, int TableLog, int StateLog, int EntryCount,
    string LiveBin, string CumHex, string FreqHex, string ValueHex);

/// <summary>The ROM constants of every layer (layer 0 lowest in each concatenation).</summary>
public sealed record RansRom(IReadOnlyList<RansRomLayer> RansLayers)
{
    public IReadOnlyList<RansRomLayer> RansLayersDescending => RansLayers.Reverse().ToList();
}

/// <summary>coder: rans, tables: rom: every layer's table as constants muxed by the layer, shared by the lanes.</summary>
public sealed record RansRomRtl(RansWidths Rans, RansRom Rom) : RtlVariant
{
    public override string Coder => "rans";
    public override string CoderTitle => "rANS";
    public override IReadOnlyList<RtlBlock> Blocks =>
        [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("prefix_sum.sv.sbn", "_prefix_sum.sv"), new("lane_rans.sv.sbn", "_lane.sv"),
         new("tables_rans.sv.sbn", "_tables.sv")];
    /// <summary>One {value, f, c} per present level and layer, held once for all lanes.</summary>
    public override long TableBits(RtlModel rtl) =>
        Rom.RansLayers.Sum(l => (long)l.EntryCount) * (rtl.MaxBits + Rans.FreqWidth + Rans.CumWidth);
    public override IEnumerable<object> TemplateParts => [Rans, Rom];
}

/// <summary>coder: rans, tables: ram: the header loader writes each entry {value, f, c} into registers as it
/// reads it (c the running sum): no build pass. Lanes as in the rom decoder.</summary>
public sealed record RansRamRtl(RansWidths Rans, RamHeaderRtl Header, int StateBits) : RtlVariant
{
    public override string Coder => "rans";
    public override string CoderTitle => "rANS";
    public override bool TablesLoaded => true;
    public override IReadOnlyList<RtlBlock> Blocks =>
        [new("tag_check.sv.sbn", "_tag_check.sv"), new("bitbuf.sv.sbn", "_bitbuf.sv"), new("loader.sv.sbn", "_loader.sv"), new("prefix_sum.sv.sbn", "_prefix_sum.sv"),
         new("lane_rans.sv.sbn", "_lane.sv"), new("tables_rans_ram.sv.sbn", "_tables.sv")];
    /// <summary>Two banks of EMAX entries {value, f, c} and a live bit each.</summary>
    public override long TableBits(RtlModel rtl) => 2L * Rans.Entries * (rtl.MaxBits + Rans.FreqWidth + Rans.CumWidth + 1);
    public override IEnumerable<object> TemplateParts => [Rans];
    /// <summary>Running sum of the frequencies: up to 2^TLMAX plus one over-long field.</summary>
    public int SumWidth => Rans.MaxTableLog + 2;
    /// <summary>The entry index (0..2^MAXB-2) and the entry count field (bits_k bits).</summary>
    public int EntryIndexWidth => Header.SymbolWidth;
    /// <summary>Smallest table_log other than 0 a header may give (as tANS: docs/bitstream.md).</summary>
    public int MinTableLog => DecoderSpec.MinTableLog;
}

/// <summary>The coder: rans variants (states_per_lane 1: the spec rejects 2 for rans, docs/spec.md).</summary>
public static class RansRtl
{
    public static (RtlVariant, RtlShape) Rom(ResolvedModel model)
    {
        var layers = model.Layers;
        int lanes = model.Lanes;
        var tables = layers.Select(l => l.Rans ?? throw new InvalidOperationException($"RTL model: layer {l.Name} has no rANS table")).ToList();
        int tlMax = model.MaxTableLog;
        int slMax = tables.Max(t => t.StateLog);
        int bMax = tables.Max(t => t.StateLog - t.TableLog);
        int entries = tables.Max(t => t.Entries);
        RtlModel.Check(model.MaxBitsPerCycle == lanes * slMax && model.BufferWidth == model.InputWidth + 2 * model.MaxBitsPerCycle,
            "C_MAX and W_BUF disagree with docs/architecture.md (coder rans)");
        var rans = RansWidths.For(lanes, model.MaxBits, tlMax, slMax, bMax, entries, Math.Max(1, tlMax), model.BufferWidth, model.Spec.RansSearch);
        entries = rans.Entries;

        var romLayers = new List<RansRomLayer>();
        var rtlLayers = new List<RtlLayer>();
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            var t = tables[k];
            RtlModel.Check(t.TableLog == layer.TableLog, $"layer '{layer.Name}': rANS table_log {t.TableLog} is not the layer's {layer.TableLog}");
            RtlModel.Check(t.StateLog <= slMax && t.Entries <= entries, $"layer '{layer.Name}': table wider than the decoder");
            var cum = new BigInteger[entries];
            var freq = new BigInteger[entries];
            var value = new BigInteger[entries];
            var live = new bool[entries];
            for (int j = 0; j < t.Entries; j++)
            {
                RtlModel.Check(t.Freq[j] >= 1 && t.Freq[j] < 1L << rans.FreqWidth, $"layer '{layer.Name}' entry {j}: frequency {t.Freq[j]} does not fit {rans.FreqWidth} bits");
                RtlModel.Check(t.Cumul[j] < 1L << rans.CumWidth, $"layer '{layer.Name}' entry {j}: cumulative sum {t.Cumul[j]} does not fit");
                RtlModel.Check(t.Symbols[j] >= 0 && t.Symbols[j] < layer.SymbolCount, $"layer '{layer.Name}' entry {j}: symbol {t.Symbols[j]}");
                cum[j] = t.Cumul[j];
                freq[j] = t.Freq[j];
                value[j] = (t.Symbols[j] - layer.MaxLevel) & ((1 << model.MaxBits) - 1);
                live[j] = true;
            }
            romLayers.Add(new RansRomLayer(k, layer.Name, t.TableLog, t.StateLog, t.Entries,
                new string(Enumerable.Range(0, entries).Reverse().Select(j => live[j] ? '1' : '0').ToArray()),
                Hex(cum, rans.CumWidth), Hex(freq, rans.FreqWidth), Hex(value, model.MaxBits)));
            int active = layer.ActiveLanes(lanes);
            rtlLayers.Add(new RtlLayer(k, layer.Name, layer.Bits, layer.TableLog, 1 << layer.TableLog, layer.WeightCount, active,
                RtlModel.LaneMask(lanes, j => j < active), 0));
        }
        return (new RansRomRtl(rans, new RansRom(romLayers)),
            new RtlShape(model.MaxBits, layers.Count, layers.Max(l => (long)l.WeightCount), lanes, rtlLayers));
    }

    public static (RtlVariant, RtlShape) Ram(ResolvedModel model)
    {
        var spec = model.Spec;
        var limits = spec.RamLimits ?? throw new InvalidOperationException("RTL model: tables: ram without ram_limits");
        RtlModel.Check(limits.MaxTableLog is >= DecoderSpec.MinTableLog and <= DecoderSpec.MaxTableLog, $"max_table_log {limits.MaxTableLog}");
        RamRtlModel.CheckShape(model, limits);
        int lanes = model.Lanes;
        int tlMax = limits.MaxTableLog, b = spec.RansStateBits;
        int cMax = model.MaxBitsPerCycle;
        RtlModel.Check(cMax == Math.Max(lanes * (tlMax + b), RamHeader.LayerHeaderBits) && model.BufferWidth == model.InputWidth + 2 * cMax,
            "C_MAX and W_BUF disagree with docs/architecture.md (coder rans, tables: ram)");
        var header = RamHeaderRtl.For(limits, RamHeader.LayerHeaderBits, RamHeader.TableLogFieldBits, "table_log");
        // An entry field (bits + table_log bits) and the entry count field must each fit one cycle's read.
        RtlModel.Check(header.LayerCountBits <= cMax && limits.MaxBits + tlMax <= cMax, "every load field must fit one cycle's read");
        // f - 1 is a table_log-bit field, so f reaches 2^tl (one entry owning every slot is a table the format allows).
        var rans = RansWidths.For(lanes, limits.MaxBits, tlMax, tlMax + b, b, (1 << limits.MaxBits) - 1, tlMax + 1, model.BufferWidth, spec.RansSearch);
        // The loader writes entries 0..2^MAXB-2 with a MAXB-bit index: a grouped table's padding stays within it.
        RtlModel.Check(rans.Entries <= 1 << limits.MaxBits, "the entry index must reach every entry");
        // remain_q is compared with lanes + j (j < lanes), so it holds 2L - 1 as well.
        return (new RansRamRtl(rans, header, b), new RtlShape(limits.MaxBits, limits.MaxLayers, limits.WeightLimit, 2L * lanes, []));
    }

    /// <summary>A Verilog hex literal body of <paramref name="fields"/> concatenated, entry 0 lowest.</summary>
    private static string Hex(BigInteger[] fields, int width)
    {
        BigInteger all = BigInteger.Zero;
        for (int j = fields.Length - 1; j >= 0; j--) all = (all << width) | fields[j];
        int digits = Math.Max(1, (fields.Length * width + 3) / 4);
        var hex = all.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        var sb = new StringBuilder();
        sb.Append('0', Math.Max(0, digits - hex.Length)).Append(hex);
        return sb.ToString();
    }
}
