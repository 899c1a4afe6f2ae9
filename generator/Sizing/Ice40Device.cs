namespace DecoderHw.Sizing;

/// <summary>An iCE40 part nextpnr can place on, with the capacities we check a netlist against
/// before spending a place-and-route run on it.</summary>
/// <param name="Dsps">SB_MAC16 multiply-accumulate blocks (the UltraPlus parts only).</param>
/// <param name="Sprams">SB_SPRAM256KA single-port RAMs of 256 kbit (the UltraPlus parts only).</param>
/// <param name="Pins">User I/O pins of the package nextpnr places on: a stand-alone decoder needs one per port bit.</param>
/// <param name="SynthFlags">synth_ice40 options that map onto the part's extra blocks; a netlist
/// for this part is synthesized with them (<c>-dsp</c> would put SB_MAC16 cells into a netlist
/// meant for an HX8K, which has none).</param>
public sealed record Ice40Device(string Name, string NextpnrFlag, string Package, int LogicCells, int BlockRams, int Pins,
    int Dsps = 0, int Sprams = 0, string SynthFlags = "")
{
    public static readonly Ice40Device Hx8k = new("iCE40-HX8K", "--hx8k", "ct256", 7680, 32, Pins: 206);
    // The UP5K's largest package, SG48, bonds 39 of its I/Os: a decoder with a 32-bit input port does not
    // place on it stand-alone (inside a larger design its ports would be wires, not pins).
    public static readonly Ice40Device Up5k = new("iCE40-UP5K", "--up5k", "sg48", 5280, 30, Pins: 39, Dsps: 8, Sprams: 4, SynthFlags: "-dsp -spram");

    /// <summary>Tried in this order; the first that places and routes gives the timing. The HX8K comes
    /// first: its fabric is the faster one, so the UP5K is chosen when the HX8K cannot hold the
    /// decoder and the UP5K can (with its DSPs taking the multipliers, its SPRAMs written RAMs).</summary>
    public static readonly IReadOnlyList<Ice40Device> Candidates = [Hx8k, Up5k];

    /// <summary>The short name used in file names and in --device (hx8k, up5k).</summary>
    public string Short => NextpnrFlag.TrimStart('-');

    /// <summary>Why a synthesized netlist cannot fit, or empty if it may. Every LUT4 needs its own
    /// logic cell, so LUT4 count is a lower bound on cells; carries and lone flip-flops add more and
    /// are left to nextpnr's own check.</summary>
    /// <param name="ports">Port bits of the top (0: not checked).</param>
    public IReadOnlyList<string> DoesNotFit(Ice40Cells cells, int ports = 0)
    {
        var reasons = new List<string>();
        if (cells.Bram > BlockRams)
            reasons.Add($"block RAM: needs {cells.Bram} SB_RAM40_4K, {Name} has {BlockRams} ({cells.Bram - BlockRams} over)");
        if (cells.Lut4 > LogicCells)
            reasons.Add($"logic: needs at least {cells.Lut4} logic cells (SB_LUT4), {Name} has {LogicCells} ({cells.Lut4 - LogicCells} over)");
        if (cells.Dsp > Dsps)
            reasons.Add($"DSP: needs {cells.Dsp} SB_MAC16, {Name} has {Dsps} ({cells.Dsp - Dsps} over)");
        if (cells.Spram > Sprams)
            reasons.Add($"SPRAM: needs {cells.Spram} SB_SPRAM256KA, {Name} has {Sprams} ({cells.Spram - Sprams} over)");
        if (ports > Pins)
            reasons.Add($"I/O pins: the ports need {ports}, {Name} ({Package}) has {Pins} ({ports - Pins} over; placed stand-alone, every port bit is a pin)");
        return reasons;
    }

    /// <summary>The same kind of message from nextpnr's own utilisation table (e.g. too many I/Os).</summary>
    public string Explain(NextpnrUtilisation u) =>
        $"{Describe(u.Resource)}: needs {u.Used}, {Name} ({Package}) has {u.Available} ({u.Used - u.Available} over)";

    private static string Describe(string resource) => resource switch
    {
        "ICESTORM_LC" => "logic cells (ICESTORM_LC)",
        "ICESTORM_RAM" => "block RAM (ICESTORM_RAM)",
        "ICESTORM_DSP" => "DSP (ICESTORM_DSP)",
        "ICESTORM_SPRAM" => "SPRAM (ICESTORM_SPRAM)",
        "SB_IO" => "I/O pins (SB_IO)",
        "SB_GB" => "global buffers (SB_GB)",
        _ => resource,
    };
}

/// <summary>iCE40 cell counts after synth_ice40.</summary>
/// <param name="Dsp">SB_MAC16 (only in a netlist synthesized with <c>-dsp</c>, for an UltraPlus part).</param>
/// <param name="Spram">SB_SPRAM256KA (only with <c>-spram</c>).</param>
public sealed record Ice40Cells(long Lut4, long Ff, long Bram, long Carry, long Dsp = 0, long Spram = 0)
{
    public static Ice40Cells From(YosysStat stat) =>
        new(stat.CountOf("SB_LUT4"), stat.CountOf("SB_DFF"), stat.CountOf("SB_RAM40_4K"), stat.CountOf("SB_CARRY"),
            stat.CountOf("SB_MAC16"), stat.CountOf("SB_SPRAM256KA"));
}
