namespace DecoderHw.Sizing;

/// <summary>An iCE40 part nextpnr can place on, with the capacities we check a netlist against
/// before spending a place-and-route run on it.</summary>
public sealed record Ice40Device(string Name, string NextpnrFlag, string Package, int LogicCells, int BlockRams)
{
    public static readonly Ice40Device Hx8k = new("iCE40-HX8K", "--hx8k", "ct256", 7680, 32);
    public static readonly Ice40Device Up5k = new("iCE40-UP5K", "--up5k", "sg48", 5280, 30);

    /// <summary>Tried in this order; the first that places and routes gives the timing.</summary>
    public static readonly IReadOnlyList<Ice40Device> Candidates = [Hx8k, Up5k];

    /// <summary>Why a synthesized netlist cannot fit, or empty if it may. Every LUT4 needs its own
    /// logic cell, so LUT4 count is a lower bound on cells; carries and lone flip-flops add more and
    /// are left to nextpnr's own check.</summary>
    public IReadOnlyList<string> DoesNotFit(Ice40Cells cells)
    {
        var reasons = new List<string>();
        if (cells.Bram > BlockRams)
            reasons.Add($"block RAM: needs {cells.Bram} SB_RAM40_4K, {Name} has {BlockRams} ({cells.Bram - BlockRams} over)");
        if (cells.Lut4 > LogicCells)
            reasons.Add($"logic: needs at least {cells.Lut4} logic cells (SB_LUT4), {Name} has {LogicCells} ({cells.Lut4 - LogicCells} over)");
        return reasons;
    }

    /// <summary>The same kind of message from nextpnr's own utilisation table (e.g. too many I/Os).</summary>
    public string Explain(NextpnrUtilisation u) =>
        $"{Describe(u.Resource)}: needs {u.Used}, {Name} ({Package}) has {u.Available} ({u.Used - u.Available} over)";

    private static string Describe(string resource) => resource switch
    {
        "ICESTORM_LC" => "logic cells (ICESTORM_LC)",
        "ICESTORM_RAM" => "block RAM (ICESTORM_RAM)",
        "SB_IO" => "I/O pins (SB_IO)",
        "SB_GB" => "global buffers (SB_GB)",
        _ => resource,
    };
}

/// <summary>iCE40 cell counts after synth_ice40.</summary>
public sealed record Ice40Cells(long Lut4, long Ff, long Bram, long Carry)
{
    public static Ice40Cells From(YosysStat stat) =>
        new(stat.CountOf("SB_LUT4"), stat.CountOf("SB_DFF"), stat.CountOf("SB_RAM40_4K"), stat.CountOf("SB_CARRY"));
}
