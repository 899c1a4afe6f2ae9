using System.Text.RegularExpressions;

namespace DecoderHw.Sizing;

/// <summary>Which cells of a target's netlist count as what. Patterns match whole cell type names.</summary>
public sealed record CellClasses(string Luts, string Ffs, string Brams, string Dsps, string Carries, string LutRams)
{
    public TargetCells Count(YosysStat stat) => new(
        Sum(stat, Luts), Sum(stat, Ffs), Sum(stat, Brams), Sum(stat, Dsps), Sum(stat, Carries), Sum(stat, LutRams));

    private static long Sum(YosysStat stat, string pattern) =>
        pattern.Length == 0 ? 0 : stat.CellTypes.Where(kv => Regex.IsMatch(kv.Key, $"^(?:{pattern})$")).Sum(kv => kv.Value);
}

/// <summary>FPGA cell counts after a vendor synth script: the columns a hardware engineer compares.</summary>
/// <param name="Carries">Carry-chain cells (SB_CARRY, CCU2C, CARRY4, Gowin ALU), counted apart from the LUTs.</param>
/// <param name="LutRams">Distributed (LUT) RAM and shift-register cells.</param>
public sealed record TargetCells(long Luts, long Ffs, long Brams, long Dsps, long Carries, long LutRams);

/// <summary>A technology <c>size --target</c> can report area on. Only iCE40 is placed and routed
/// here (nextpnr-ice40); the other FPGA figures come from Yosys's vendor synth script alone and are
/// labelled synthesis-only estimates, since packing and placement move LUT counts by some percent.
/// ASIC is technology-neutral: gate equivalents from an abc mapping to <see cref="GateEquivalents.GateSet"/>.</summary>
/// <param name="Name">The --target value.</param>
/// <param name="Family">What the numbers are for, as printed.</param>
/// <param name="Synth">The Yosys script command (top appended), or null for ASIC.</param>
/// <param name="LogicUnit">Column header of the logic figure in compare and sweep.</param>
/// <param name="MemoryUnit">Column header of the memory figure in compare and sweep.</param>
public sealed record SizingTarget(
    string Name, string Family, string? Synth, bool Placed, CellClasses? Cells, string LogicUnit, string MemoryUnit)
{
    public static readonly SizingTarget Ice40 = new("ice40", "Lattice iCE40", "synth_ice40", Placed: true,
        new CellClasses(Luts: "SB_LUT4", Ffs: "SB_DFF\\w*", Brams: "SB_RAM40_4K\\w*", Dsps: "SB_MAC16", Carries: "SB_CARRY", LutRams: ""),
        "LUT4", "BRAM");

    public static readonly SizingTarget Ecp5 = new("ecp5", "Lattice ECP5", "synth_ecp5", Placed: false,
        new CellClasses(Luts: "LUT4", Ffs: "TRELLIS_FF", Brams: "DP16KD|PDPW16KD", Dsps: "MULT18X18D|ALU54B", Carries: "CCU2C", LutRams: "TRELLIS_DPR16X4"),
        "LUT4", "BRAM");

    // -noiopad: a decoder is a block inside a design, so its ports get no I/O buffers (as for the other targets).
    // INV is a LUT1 in the 7-series fabric.
    public static readonly SizingTarget Xilinx = new("xilinx", "Xilinx 7-series", "synth_xilinx -family xc7 -flatten -noiopad", Placed: false,
        new CellClasses(Luts: "LUT[1-6]|INV", Ffs: "FD[RSCP]E", Brams: "RAMB18E1|RAMB36E1", Dsps: "DSP48E1", Carries: "CARRY4",
            LutRams: "RAM(16|32|64|128|256)X1[SD]|RAM32M|RAM64M|SRL16E|SRLC32E"),
        "LUT", "BRAM");

    public static readonly SizingTarget Gowin = new("gowin", "Gowin GW1N/GW2A", "synth_gowin -noiopads", Placed: false,
        new CellClasses(Luts: "LUT[1-4]", Ffs: "DFF\\w*", Brams: "SP|SPX9|SDP|SDPX9|SDPB|SDPX9B|DP|DPX9|DPB|DPX9B|pROM|pROMX9", Dsps: "MULT\\w+|ALU54D|PADD\\w+", Carries: "ALU",
            LutRams: "RAM16S\\w+|RAM16SDP\\w+"),
        "LUT4", "BRAM");

    public static readonly SizingTarget Asic = new("asic", "ASIC (technology-neutral)", null, Placed: false, null, "GE", "memory bits");

    public static readonly IReadOnlyList<SizingTarget> All = [Ice40, Ecp5, Xilinx, Gowin, Asic];

    public static SizingTarget Parse(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new Cli.UserErrorException($"--target: expected {string.Join(", ", All.Select(t => t.Name))}, got '{name}'");

    /// <summary>How far to trust the numbers, said next to them.</summary>
    public string Estimate => Placed ? "placed and routed" : Cells is null ? "abc mapping, before placement" : "synthesis only (no place and route)";
}
