using System.Globalization;
using System.Text.RegularExpressions;

namespace DecoderHw.Sizing;

/// <summary>The numbers of one yosys <c>stat</c> (or <c>stat -tech cmos</c>) report for the top.</summary>
/// <param name="Module">The module the numbers are for, or "design hierarchy" for a hierarchical total.</param>
/// <param name="MemoryBits">Bits of RTLIL memories still unmapped at the time of the stat.</param>
/// <param name="Transistors">From <c>stat -tech cmos</c> only.</param>
/// <param name="TransistorsLowerBound">Yosys appends '+' when some cells have no CMOS cost (our ROMs,
/// kept as memories); the count then covers the logic only.</param>
public sealed record YosysStat(
    string Module,
    long Cells,
    IReadOnlyDictionary<string, long> CellTypes,
    long Memories,
    long MemoryBits,
    long? Transistors,
    bool TransistorsLowerBound)
{
    /// <summary>Cells whose type starts with the prefix (SB_DFF counts SB_DFF, SB_DFFE, SB_DFFSR, ...).</summary>
    public long CountOf(string typePrefix) =>
        CellTypes.Where(kv => kv.Key.StartsWith(typePrefix, StringComparison.Ordinal)).Sum(kv => kv.Value);
}

/// <summary>Parses yosys 0.2x <c>stat</c> output. Given a whole log it reads the last stat in it; given a
/// hierarchical report it reads the "design hierarchy" total, which counts every instance.</summary>
public static partial class YosysStatParser
{
    public static YosysStat Parse(string text)
    {
        // A log holds one block per stat command; the last one describes the final netlist.
        int lastRun = text.LastIndexOf("Printing statistics.", StringComparison.Ordinal);
        if (lastRun >= 0) text = text[lastRun..];

        var sections = SectionHeader().Matches(text);
        if (sections.Count == 0) throw new FormatException("no yosys stat report found (no '=== module ===' header)");
        // "design hierarchy" is printed last and sums the instances of every module below the top.
        var chosen = sections.FirstOrDefault(m => m.Groups[1].Value == "design hierarchy") ?? sections[^1];
        int start = chosen.Index + chosen.Length;
        int next = chosen.NextMatch().Success ? chosen.NextMatch().Index : text.Length;
        return ParseSection(chosen.Groups[1].Value, text[start..next]);
    }

    private static YosysStat ParseSection(string module, string body)
    {
        long cells = Number(body, CellsLine()) ?? throw new FormatException($"yosys stat for '{module}': no 'Number of cells' line");
        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        // Cell types are the indented "TYPE COUNT" lines right after "Number of cells".
        var lines = body.Split('\n');
        int i = Array.FindIndex(lines, l => CellsLine().IsMatch(l));
        for (i++; i < lines.Length; i++)
        {
            var m = CellTypeLine().Match(lines[i].TrimEnd('\r'));
            if (!m.Success) break;
            types[m.Groups[1].Value] = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        long? transistors = null;
        bool lowerBound = false;
        var t = TransistorsLine().Match(body);
        if (t.Success)
        {
            transistors = long.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture);
            lowerBound = t.Groups[2].Value == "+";
        }
        return new YosysStat(module, cells, types, Number(body, MemoriesLine()) ?? 0, Number(body, MemoryBitsLine()) ?? 0, transistors, lowerBound);
    }

    private static long? Number(string body, Regex line)
    {
        var m = line.Match(body);
        return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^=== (.+?) ===\s*$", RegexOptions.Multiline)]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^\s+Number of cells:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex CellsLine();

    [GeneratedRegex(@"^\s+Number of memories:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex MemoriesLine();

    [GeneratedRegex(@"^\s+Number of memory bits:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex MemoryBitsLine();

    [GeneratedRegex(@"^\s{5,}(\S+)\s+(\d+)\s*$")]
    private static partial Regex CellTypeLine();

    [GeneratedRegex(@"Estimated number of transistors:\s+(\d+)(\+?)")]
    private static partial Regex TransistorsLine();
}
