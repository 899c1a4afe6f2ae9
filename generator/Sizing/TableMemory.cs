using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Sizing;

/// <summary>
/// The decoder's on-chip table bits for its coder and table mode: what each lane holds as its own copy
/// and what all lanes share. These are the bits the RTL stores (the rom and ram modules'
/// widths and depths, docs/architecture.md), so that stream + tables is the decoder's whole memory.
/// </summary>
/// <param name="PerLaneBits">Bits every lane holds for itself (tANS: its copy of the decode ROM or RAM).</param>
/// <param name="SharedBits">Bits held once for all lanes (rANS's frequency table, Huffman's symbol ROM, a
/// ram decoder's load RAMs).</param>
/// <param name="Lanes">Decoder lanes (a pipelined lane's two states share their lane's table).</param>
public sealed record TableMemory(long PerLaneBits, long SharedBits, int Lanes)
{
    public long TotalBits => PerLaneBits * Lanes + SharedBits;

    public static TableMemory For(ResolvedModel model)
    {
        var spec = model.Spec;
        int lanes = spec.Lanes;
        int maxBits = model.MaxBits;
        int tlMax = model.MaxTableLog;
        return (spec.Coder, spec.Tables, spec.RamLimits) switch
        {
            (CoderKind.Raw, _, _) => new(0, 0, lanes),
            (CoderKind.Tans, TableMode.Rom, _) => new(TansRomDepth(model) * TansEntryBits(maxBits, tlMax), 0, lanes),
            (CoderKind.Tans, TableMode.Ram, { } r) => TansRam(r, spec.RamBanks, spec.BuildEngines, lanes),
            (CoderKind.Huffman, TableMode.Rom, _) => new(0, HuffmanRomBits(model), lanes),
            (CoderKind.Huffman, TableMode.Ram, { } r) => new(0, HuffmanRamBits(r, spec.HuffmanMaxLength), lanes),
            // rANS: every layer's entries {symbol, freq, cumul} once, compared by every lane.
            (CoderKind.Rans, TableMode.Rom, _) => new(0,
                model.Layers.Sum(l => (long)(l.Rans?.Entries ?? 0)) * RansEntryBits(maxBits, tlMax), lanes),
            // Two banks of registers {symbol, f, c, live} (f up to 2^tl: tl + 1 bits), 2^MAXB - 1 entries each
            // (padded to whole groups for a grouped search).
            (CoderKind.Rans, TableMode.Ram, { } r) => new(0,
                2L * Rtl.RansWidths.PaddedEntries(spec.RansSearch, (1 << r.MaxBits) - 1) * (RansEntryBits(r.MaxBits, r.MaxTableLog) + 2), lanes),
            _ => throw new ArgumentOutOfRangeException(nameof(model), $"no table memory for {spec.Coder} {spec.Tables}"),
        };
    }

    /// <summary>tables: ram, coder tans (tables_ram.sv.sbn): every lane's decode table in each of the
    /// banks (the next layer's table is built into one while the lanes read another); shared, the spread's
    /// tableSymbol RAM, each build engine's symbolNext copy, and with three banks a counts buffer per bank.</summary>
    private static TableMemory TansRam(RamLimits r, int banks, int engines, int lanes)
    {
        long depth = 1L << r.MaxTableLog, symbols = 1L << r.MaxBits;
        int next = r.MaxTableLog + 1;
        long countsBuffers = banks == 3 ? 3 * symbols * next : 0;
        return new(banks * depth * TansEntryBits(r.MaxBits, r.MaxTableLog), depth * r.MaxBits + engines * symbols * next + countsBuffers, lanes);
    }

    /// <summary>{symbol, nbBits, baseline} as the tANS ROM word (RtlModel.EntryWidth).</summary>
    public static int TansEntryBits(int maxBits, int maxTableLog) => maxBits + Rtl.RtlModel.WidthFor(maxTableLog) + Math.Max(1, maxTableLog);

    /// <summary>{symbol, freq - 1, cumul}: a frequency 1..2^tl is stored less one, a cumulative sum below 2^tl.</summary>
    public static int RansEntryBits(int maxBits, int maxTableLog) => maxBits + 2 * Math.Max(1, maxTableLog);

    /// <summary>Slots of the tANS ROM: one table per layer, or per group with table_groups.</summary>
    private static long TansRomDepth(ResolvedModel model) =>
        model.Layers.Where(l => l.Group is null || model.Layers.First(o => o.Group == l.Group) == l).Sum(l => 1L << l.TableLog);

    /// <summary>The symbol ROM (present symbols of each layer or group) and each layer's End/Base constants
    /// (HuffmanRtlTables).</summary>
    private static long HuffmanRomBits(ResolvedModel model)
    {
        var tables = Rtl.HuffmanRtlTables.From(model);
        return (long)tables.SymbolRomDepth * model.MaxBits + (long)model.Layers.Count * (tables.EndsWidth + tables.BasesWidth);
    }

    /// <summary>The symbol RAM in canonical order and the length RAM, plus one layer's End/Base registers
    /// (HuffmanRamRtlModel).</summary>
    private static long HuffmanRamBits(RamLimits limits, int maxLength)
    {
        int lengthWidth = Rtl.RtlModel.WidthFor(maxLength);
        long depth = 1L << limits.MaxBits;
        // Two banks of the symbol RAM and of End/Base (the next layer's code is built beside the current one's),
        // one length RAM.
        return 2 * depth * limits.MaxBits + depth * lengthWidth + 2 * ((long)maxLength * (maxLength + 1) + (maxLength + 1L) * limits.MaxBits);
    }
}
