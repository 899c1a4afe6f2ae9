using System.Text;

namespace DecoderHw.Sizing;

/// <summary>The yosys scripts of a sizing run. Written to files beside the logs so a user can
/// rerun exactly what we ran (<c>cd rtl &amp;&amp; yosys -s ../logs/yosys_ice40.ys</c>).</summary>
public static class YosysScripts
{
    /// <summary>Technology-neutral numbers. Differs from a plain <c>synth; stat</c> in two ways, both
    /// so the numbers measure the decoder's logic rather than its table contents:
    /// the ROMs stay memories (a plain synth maps a 2^11-entry ROM to a ~5000-cell mux tree that
    /// depends on the table's values; the ROM bits are reported separately), and flip-flops are
    /// unmapped to plain DFF + mux before <c>stat -tech cmos</c>, which has no cost for $_SDFF_ cells
    /// and would otherwise leave every register out of the transistor count.</summary>
    /// <param name="coarseStat">The stat after synth's coarse steps: a multiplier left after constant
    /// folding is a <c>$macc</c> there, which an UltraPlus DSP could take.</param>
    public static string Generic(IReadOnlyList<string> sources, string top, string romStat, string cellStat, string cmosStat, string? coarseStat = null)
    {
        var s = KeepMemories(sources, top, romStat, coarseStat);
        s.AppendLine("abc -fast");
        s.AppendLine("opt -fast");
        s.AppendLine("hierarchy -check");
        s.AppendLine("check");
        s.AppendLine($"tee -q -o {Quote(cellStat)} stat");
        // No opt after this: opt_dff would fold the muxes back into enable/reset flip-flops.
        s.AppendLine("dffunmap");
        s.AppendLine($"tee -q -o {Quote(cmosStat)} stat -tech cmos");
        return s.ToString();
    }

    /// <summary>The ASIC figure: as <see cref="Generic"/> up to the gate mapping, then registers unmapped
    /// into plain D flip-flops and gates, and abc mapping every gate into <see cref="GateEquivalents.GateSet"/>.</summary>
    public static string Asic(IReadOnlyList<string> sources, string top, string memoryStat, string gateStat, string cmosStat)
    {
        var s = KeepMemories(sources, top, memoryStat);
        // Before abc, so the enable and reset muxes of the registers are mapped (and counted) as gates too.
        s.AppendLine("dffunmap");
        s.AppendLine($"abc -g {GateEquivalents.GateSet}");
        s.AppendLine("opt_clean");
        s.AppendLine("hierarchy -check");
        s.AppendLine("check");
        s.AppendLine($"tee -q -o {Quote(gateStat)} stat");
        s.AppendLine($"tee -q -o {Quote(cmosStat)} stat -tech cmos");
        return s.ToString();
    }

    /// <summary>An FPGA vendor's synth script (<see cref="SizingTarget.Synth"/>), for synthesis-only cell counts.</summary>
    public static string Fpga(IReadOnlyList<string> sources, string top, SizingTarget target, string cellStat)
    {
        var s = new StringBuilder();
        s.AppendLine(ReadSources(sources));
        s.AppendLine($"{target.Synth} -top {top}");
        s.AppendLine($"tee -q -o {Quote(cellStat)} stat");
        return s.ToString();
    }

    /// <summary>Reads, flattens and runs synth's coarse steps with the memories kept as memories; the
    /// memory stat is taken before memory_collect, while stat still counts their logical bits.</summary>
    private static StringBuilder KeepMemories(IReadOnlyList<string> sources, string top, string memoryStat, string? coarseStat = null)
    {
        var s = new StringBuilder();
        s.AppendLine(ReadSources(sources));
        s.AppendLine($"hierarchy -check -top {top}");
        s.AppendLine("proc");
        s.AppendLine("flatten");
        s.AppendLine($"tee -q -o {Quote(memoryStat)} stat");
        s.AppendLine($"synth -flatten -top {top} -run :fine");
        if (coarseStat is not null) s.AppendLine($"tee -q -o {Quote(coarseStat)} stat");
        // synth's "fine" step without memory_map (yosys 0.2x script, labels begin..check).
        s.AppendLine("opt -fast -full");
        s.AppendLine("opt -full");
        s.AppendLine("techmap");
        s.AppendLine("opt -fast");
        return s;
    }

    /// <summary>iCE40 mapping (SB_LUT4, SB_DFF*, SB_CARRY, SB_RAM40_4K; with <paramref name="flags"/>
    /// <c>-dsp -spram</c> also SB_MAC16 and SB_SPRAM256KA, for an UltraPlus part) and the netlist for nextpnr.</summary>
    public static string Ice40(IReadOnlyList<string> sources, string top, string jsonOut, string cellStat, string flags = "")
    {
        var s = new StringBuilder();
        s.AppendLine(ReadSources(sources));
        s.AppendLine($"synth_ice40 -top {top}{(flags.Length == 0 ? "" : " " + flags)} -json {Quote(jsonOut)}");
        s.AppendLine($"tee -q -o {Quote(cellStat)} stat");
        return s.ToString();
    }

    private static string ReadSources(IReadOnlyList<string> sources) =>
        "read_verilog -sv " + string.Join(' ', sources.Select(Quote));

    /// <summary>Yosys splits script arguments on whitespace; double quotes keep a path with spaces whole.</summary>
    private static string Quote(string path) => path.Any(char.IsWhiteSpace) ? $"\"{path}\"" : path;
}
