using System.Globalization;
using System.Text;

namespace DecoderHw.Sweep;

/// <summary>sweep.csv: one row per point, plain RFC 4180, invariant culture, so any spreadsheet or pandas reads it.
/// logic and memory are in the target's units: LUTs and block RAMs on an FPGA, gate equivalents and memory bits for asic.</summary>
public static class SweepCsv
{
    public static readonly string[] Columns =
    [
        "name", "lanes", "table_log", "input_width", "weights", "bits_per_weight", "entropy_bits_per_weight",
        "cycles_per_weight", "weights_per_cycle", "target", "logic", "ff", "memory", "carry", "yosys_cells", "cmos_transistors",
        "table_rom_bits", "device", "fmax_mhz", "weights_per_second", "weights_per_second_per_logic",
        "stream_bytes", "table_bytes", "sim_cycles_per_weight", "status", "message", "dir",
    ];

    public static string Format(IEnumerable<SweepRow> rows)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append('\n');
        foreach (var r in rows)
        {
            object?[] cells =
            [
                r.Name, r.Lanes, r.TableLog, r.InputWidth, r.Weights, r.BitsPerWeight, r.EntropyBitsPerWeight,
                r.CyclesPerWeight, r.WeightsPerCycle, r.Target, r.Logic, r.Ff, r.Memory, r.Carry, r.YosysCells, r.CmosTransistors,
                r.TableRomBits, r.Device, r.FmaxMhz, r.WeightsPerSecond, r.WeightsPerSecondPerLut,
                r.StreamBytes, r.TableBytes, r.SimCyclesPerWeight, r.Status.ToString().ToLowerInvariant(), r.Message, r.Dir.Replace('\\', '/'),
            ];
            // A failed point has no numbers; empty cells say so where zeros would read as results.
            if (r.Status == PointStatus.Failed)
                for (int i = 3; i < cells.Length - 3; i++) cells[i] = null;
            csv.Append(string.Join(',', cells.Select(Cell))).Append('\n');
        }
        return csv.ToString();
    }

    private static string Cell(object? value)
    {
        string text = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
