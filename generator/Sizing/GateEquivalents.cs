using System.Globalization;

namespace DecoderHw.Sizing;

/// <summary>The technology-neutral ASIC figure: logic in gate equivalents (NAND2 = 1) plus memory bits,
/// so an ASIC engineer can scale it to a node (GE x the node's NAND2 area, memory bits x its SRAM/ROM
/// bit cell or a compiled macro).</summary>
/// <param name="Gates">Cells of the mapped netlist by Yosys type ($_NAND_, $_DFF_P_, ...), memories excluded.</param>
/// <param name="FlipFlops">$_DFF_P_ cells: every register bit (enables and resets are unmapped into gates).</param>
/// <param name="MemoryBits">Bits of the decoder's memories (table ROMs or RAMs), kept as memories and not in the GE.</param>
public sealed record GateArea(double GateEquivalents, long FlipFlops, long MemoryBits, IReadOnlyDictionary<string, long> Gates)
{
    public long LogicCells => Gates.Values.Sum();
}

/// <summary>Weights of the gate set the ASIC script maps to with <c>abc -g cmos</c>: NAND2, NOR2, AOI21,
/// OAI21, AOI22, OAI22, MUX2, NMUX2, XOR2, XNOR2 and NOT, plus the D flip-flop. A gate's weight is its
/// static-CMOS transistor count over NAND2's four, which is exactly Yosys's own <c>stat -tech cmos</c>
/// cost table (kernel/cost.h), so GE x 4 equals the transistor count Yosys prints for the same netlist
/// (a test checks this). Library cells differ by tens of percent (an XOR2 is 2 to 3 GE, a scan
/// flip-flop 5 to 7); use the gate counts in report.json to apply a library's own weights.</summary>
public static class GateEquivalents
{
    /// <summary>The abc <c>-g</c> argument: every static-CMOS gate abc knows (NOT is always added).</summary>
    public const string GateSet = "cmos";

    public static readonly IReadOnlyDictionary<string, int> Transistors = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["$_NOT_"] = 2,
        ["$_NAND_"] = 4,
        ["$_NOR_"] = 4,
        ["$_AOI3_"] = 6,
        ["$_OAI3_"] = 6,
        ["$_AOI4_"] = 8,
        ["$_OAI4_"] = 8,
        ["$_NMUX_"] = 10,
        ["$_MUX_"] = 12,
        ["$_XOR_"] = 12,
        ["$_XNOR_"] = 12,
        ["$_DFF_P_"] = 16,
    };

    private const int Nand2Transistors = 4;

    /// <summary>Yosys memory cells: counted as memory bits, not gates.</summary>
    private static bool IsMemory(string type) => type.StartsWith("$mem", StringComparison.Ordinal);

    /// <param name="mapped">The stat of the abc-mapped netlist.</param>
    /// <param name="memoryBits">Memory bits, from a stat taken before the memories were collected.</param>
    public static GateArea From(YosysStat mapped, long memoryBits)
    {
        var gates = mapped.CellTypes.Where(kv => !IsMemory(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var unknown = gates.Keys.Where(t => !Transistors.ContainsKey(t)).ToList();
        // The script maps every cell into the set; anything else means the script changed and this table did not.
        if (unknown.Count > 0)
            throw new InvalidOperationException($"ASIC netlist has cells outside the gate set: {string.Join(", ", unknown)}");
        long transistors = gates.Sum(kv => Transistors[kv.Key] * kv.Value);
        return new GateArea((double)transistors / Nand2Transistors, gates.GetValueOrDefault("$_DFF_P_"), memoryBits, gates);
    }

    /// <summary>"NAND2=1, NOR2=1, ..." for docs and reports.</summary>
    public static string Describe() => string.Join(", ", Transistors.Select(kv =>
        string.Create(CultureInfo.InvariantCulture, $"{Label(kv.Key)}={(double)kv.Value / Nand2Transistors:0.##}")));

    private static string Label(string type) => type switch
    {
        "$_NOT_" => "NOT",
        "$_NAND_" => "NAND2",
        "$_NOR_" => "NOR2",
        "$_AOI3_" => "AOI21",
        "$_OAI3_" => "OAI21",
        "$_AOI4_" => "AOI22",
        "$_OAI4_" => "OAI22",
        "$_NMUX_" => "NMUX2",
        "$_MUX_" => "MUX2",
        "$_XOR_" => "XOR2",
        "$_XNOR_" => "XNOR2",
        "$_DFF_P_" => "DFF",
        _ => type,
    };
}
