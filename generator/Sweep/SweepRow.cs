using System.Text.Json.Nodes;

namespace DecoderHw.Sweep;

/// <summary>What a point ended as. NoFit is a result (the generic numbers still stand); Failed is not
/// cached, so a rerun tries the point again.</summary>
public enum PointStatus { Ok, NoFit, Failed }

/// <summary>One line of sweep.csv: a design point and its numbers, read back from its sized report.json.</summary>
/// <param name="Target">The --target it was sized for; <paramref name="Logic"/> and <paramref name="Memory"/> are in
/// that target's units (LUTs and block RAMs on an FPGA, gate equivalents and memory bits for ASIC).</param>
public sealed record SweepRow(
    string Name,
    int Lanes,
    int TableLog,
    int InputWidth,
    long Weights,
    double BitsPerWeight,
    double EntropyBitsPerWeight,
    double CyclesPerWeight,
    string Target,
    long Logic,
    long Ff,
    long Memory,
    long Carry,
    long YosysCells,
    long? CmosTransistors,
    long TableRomBits,
    string? Device,
    double? FmaxMhz,
    long StreamBytes,
    long TableBytes,
    PointStatus Status,
    string Message,
    string Dir)
{
    /// <summary>sweep --sim: cycles/weight Verilator measured in the free run (equal to the model's, or the
    /// point fails); null when the point was not simulated.</summary>
    public double? SimCyclesPerWeight { get; init; }

    public double WeightsPerCycle => CyclesPerWeight > 0 ? 1 / CyclesPerWeight : 0;
    public double? WeightsPerSecond => FmaxMhz * 1e6 * WeightsPerCycle;

    /// <summary>Throughput per unit of logic: the efficiency axis of the Pareto plot.</summary>
    public double? WeightsPerSecondPerLut => Logic > 0 ? WeightsPerSecond / Logic : null;

    public static SweepRow FromReport(JsonObject report, string dir)
    {
        var totals = report["totals"]!;
        var area = report["area"]!;
        var timing = report["timing"]!;
        var memory = report["memory"]!;
        string? device = timing["device"]?.GetValue<string>();
        var (target, logic, ff, mem, carry) = Figures(area);
        var notFitting = timing["not_fitting"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        return new SweepRow(
            report["name"]!.GetValue<string>(),
            report["lanes"]!.GetValue<int>(),
            report["table_log"]!.GetValue<int>(),
            report["input_width"]!.GetValue<int>(),
            totals["weights"]!.GetValue<long>(),
            totals["bits_per_weight"]!.GetValue<double>(),
            totals["entropy_bits_per_weight"]!.GetValue<double>(),
            totals["cycles_per_weight"]!.GetValue<double>(),
            target.Name,
            logic,
            ff,
            mem,
            carry,
            area["yosys_cells"]!.GetValue<long>(),
            area["cmos_transistors"]?.GetValue<long>(),
            area["table_rom_bits"]!.GetValue<long>(),
            device,
            timing["fmax_mhz"]?.GetValue<double>(),
            memory["stream_bytes"]!.GetValue<long>(),
            memory["table_bytes"]!.GetValue<long>(),
            device is null && target.Placed ? PointStatus.NoFit : PointStatus.Ok,
            string.Join("; ", notFitting),
            dir)
        {
            SimCyclesPerWeight = report["simulation"]?["cycles_per_weight"]?.GetValue<double>(),
        };
    }

    public static SweepRow Failure(string name, SweepPoint point, string message, string dir) =>
        new(name, point.Lanes, point.TableLog, point.InputWidth ?? 0, 0, 0, 0, 0, "", 0, 0, 0, 0, 0, null, 0, null, null, 0, 0,
            PointStatus.Failed, message, dir);

    /// <summary>The target's logic, flip-flop, memory and carry figures: area.target as size writes it,
    /// or area.ice40 in a report from before --target.</summary>
    private static (Sizing.SizingTarget Target, long Logic, long Ff, long Memory, long Carry) Figures(JsonNode area)
    {
        if (area["target"] is not { } t)
        {
            var ice40 = area["ice40"]!;
            return (Sizing.SizingTarget.Ice40, ice40["lut4"]!.GetValue<long>(), ice40["ff"]!.GetValue<long>(),
                ice40["bram"]!.GetValue<long>(), ice40["carry"]!.GetValue<long>());
        }
        var target = Sizing.SizingTarget.Parse(t["name"]!.GetValue<string>());
        if (t["gate_equivalents"] is { } ge)
            return (target, (long)Math.Round(ge.GetValue<double>()), t["flip_flops"]!.GetValue<long>(), t["memory_bits"]!.GetValue<long>(), 0);
        return (target, t["luts"]!.GetValue<long>(), t["ffs"]!.GetValue<long>(), t["brams"]!.GetValue<long>(), t["carries"]!.GetValue<long>());
    }
}
