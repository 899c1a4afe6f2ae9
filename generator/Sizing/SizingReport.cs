using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DecoderHw.Sizing;

/// <summary>Adds the sizing numbers to a generated report.json (written by the gen pipeline's
/// ReportWriter). We merge into the JSON tree rather than into the writer's records so gen and
/// sizing stay independent steps; the keys are a contract like the rest of report.json.</summary>
public static class SizingReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Load(string reportPath) =>
        JsonNode.Parse(File.ReadAllText(reportPath)) as JsonObject
        ?? throw new Cli.UserErrorException($"{reportPath}: not a JSON object");

    public static void Save(JsonObject report, string reportPath) =>
        File.WriteAllText(reportPath, report.ToJsonString(Indented) + "\n");

    /// <summary>The figures gen already put in report.json that sizing builds on.</summary>
    public sealed record GenFigures(string Name, long Weights, long CodedBits, long HeaderBits, double BitsPerWeight, double CyclesPerWeight);

    public static GenFigures ReadGen(JsonObject report, string reportPath)
    {
        try
        {
            var totals = report["totals"]!.AsObject();
            return new GenFigures(
                report["name"]!.GetValue<string>(),
                totals["weights"]!.GetValue<long>(),
                totals["coded_bits"]!.GetValue<long>(),
                totals["header_bits"]!.GetValue<long>(),
                totals["bits_per_weight"]!.GetValue<double>(),
                totals["cycles_per_weight"]!.GetValue<double>());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new Cli.UserErrorException($"{reportPath}: missing name or totals.{{weights, coded_bits, header_bits, bits_per_weight, cycles_per_weight}} (was it written by gen?)");
        }
    }

    public static void Merge(JsonObject report, GenFigures gen, SizingResult sizing)
    {
        var pr = sizing.PlaceRoute;
        var clock = pr.Report?.MainClock;
        var area = new JsonObject
        {
            ["yosys_cells"] = sizing.Generic.Cells,
            ["cmos_transistors"] = sizing.Cmos.Transistors,
            // The ROMs stay memories in the generic flow, so the transistor estimate is logic only.
            ["cmos_transistors_scope"] = sizing.Cmos.TransistorsLowerBound ? "logic only; tables in table_rom_bits" : "all cells",
        };
        if (sizing.Ice40 is { } ice40)
        {
            area["ice40"] = new JsonObject
            {
                ["lut4"] = ice40.Lut4,
                ["ff"] = ice40.Ff,
                ["bram"] = ice40.Bram,
                ["carry"] = ice40.Carry,
                ["dsp"] = ice40.Dsp,
                ["spram"] = ice40.Spram,
            };
        }
        area["table_rom_bits"] = sizing.TableRomBits;
        area["target"] = TargetNode(sizing);
        report["area"] = area;

        var timing = new JsonObject
        {
            ["device"] = pr.Device?.Name,
            ["package"] = pr.Device?.Package,
            ["fmax_mhz"] = clock is null ? null : Math.Round(clock.FmaxMhz, 2),
            ["target_mhz"] = sizing.Options.TargetMhz,
            ["seed"] = pr.Seed ?? sizing.Options.Seed,
            ["seeds"] = new JsonArray(pr.Placements.Select(p => (JsonNode?)new JsonObject
            {
                ["seed"] = p.Seed,
                ["fmax_mhz"] = Math.Round(p.FmaxMhz, 2),
            }).ToArray()),
            ["fmax_mhz_min"] = pr.Placements.Count == 0 ? null : Math.Round(pr.Placements.Min(p => p.FmaxMhz), 2),
            ["fmax_mhz_max"] = pr.Placements.Count == 0 ? null : Math.Round(pr.Placements.Max(p => p.FmaxMhz), 2),
            ["critical_path"] = pr.Report?.CriticalPath is { } path ? CriticalPathNode(path) : null,
        };
        if (pr.NotFitting.Count > 0) timing["not_fitting"] = new JsonArray(pr.NotFitting.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        report["timing"] = timing;

        double weightsPerCycle = gen.CyclesPerWeight > 0 ? 1.0 / gen.CyclesPerWeight : 0;
        report["throughput"] = new JsonObject
        {
            ["weights_per_cycle"] = Math.Round(weightsPerCycle, 6),
            ["weights_per_second"] = clock is null ? null : Math.Round(clock.FmaxMhz * 1e6 * weightsPerCycle),
        };

        // gen's memory (modelled stream and table bits) stays; sizing adds what Yosys found. table_bits is
        // gen's (from the RTL's widths and depths); synth_table_bits is Yosys's count of memory bits.
        var memory = new DecoderMemory(gen.Weights, gen.CodedBits + gen.HeaderBits, sizing.TableRomBits);
        var node = report["memory"] as JsonObject ?? [];
        node["weights"] = memory.Weights;
        node["stream_bytes"] = memory.StreamBytes;
        node["synth_table_bits"] = memory.TableBits;
        node["table_bytes"] = memory.TableBytes;
        node["decoder_total_bytes"] = memory.DecoderTotalBytes;
        node["int8_bytes"] = memory.Int8Bytes;
        node["float32_bytes"] = memory.Float32Bytes;
        node["ratio_vs_int8"] = Math.Round(memory.RatioVsInt8, 4);
        node["ratio_vs_float32"] = Math.Round(memory.RatioVsFloat32, 4);
        report["memory"] = node;

        report["tools"] = new JsonObject
        {
            ["yosys"] = sizing.Versions.Yosys,
            ["nextpnr"] = sizing.Target.Placed ? $"nextpnr-ice40 {sizing.Versions.Nextpnr}" : null,
        };
    }

    /// <summary>area.target: the chosen target's figures under the same keys for every FPGA, and the
    /// gate equivalents for ASIC; "estimate" says how far to trust them.</summary>
    private static JsonObject TargetNode(SizingResult sizing)
    {
        var t = sizing.Target;
        var node = new JsonObject
        {
            ["name"] = t.Name,
            ["family"] = t.Family,
            // iCE40 is placed only when a part holds it; otherwise its cells are as synthesized.
            ["estimate"] = t.Placed && sizing.PlaceRoute.Device is null ? "synthesized; fits no iCE40 part tried" : t.Estimate,
            ["script"] = t.Synth ?? $"abc -g {GateEquivalents.GateSet}",
        };
        if (sizing.Cells is { } c)
        {
            node["luts"] = c.Luts;
            node["ffs"] = c.Ffs;
            node["brams"] = c.Brams;
            node["dsps"] = c.Dsps;
            node["carries"] = c.Carries;
            node["lutrams"] = c.LutRams;
        }
        if (sizing.Gates is { } g)
        {
            node["gate_equivalents"] = Math.Round(g.GateEquivalents, 2);
            node["gate_weights"] = GateEquivalents.Describe();
            node["flip_flops"] = g.FlipFlops;
            node["memory_bits"] = g.MemoryBits;
            var gates = new JsonObject();
            foreach (var (type, count) in g.Gates.OrderBy(kv => kv.Key, StringComparer.Ordinal)) gates[type] = count;
            node["gates"] = gates;
        }
        return node;
    }

    private static JsonObject CriticalPathNode(CriticalPath path) => new()
    {
        ["clock"] = path.Clock,
        ["from"] = path.From,
        ["to"] = path.To,
        ["total_ns"] = path.TotalNs,
        ["logic_ns"] = path.LogicNs,
        ["routing_ns"] = path.RoutingNs,
        ["logic_levels"] = path.LogicLevels,
        ["rtl_sources"] = new JsonArray(path.RtlSources.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        ["steps"] = new JsonArray(path.Steps.Select(s => (JsonNode?)new JsonObject
        {
            ["kind"] = s.Kind.ToLowerInvariant(),
            ["name"] = s.Name,
            ["delay_ns"] = s.DelayNs,
            ["total_ns"] = s.TotalNs,
        }).ToArray()),
    };

    private static string SeedRange(PlaceRouteResult pr) => pr.Placements.Count < 2 ? "" : FormattableString.Invariant(
        $" (median of {pr.Placements.Count} seeds, {pr.Placements.Min(p => p.FmaxMhz):F1}..{pr.Placements.Max(p => p.FmaxMhz):F1})");

    /// <summary>One line for the console and the sweep log.</summary>
    public static string Summary(GenFigures gen, SizingResult sizing)
    {
        if (sizing.Gates is { } g)
            return string.Create(CultureInfo.InvariantCulture,
                $"{gen.Name}: {g.GateEquivalents:F0} gate equivalents (NAND2 = 1; {g.FlipFlops} flip-flops) + {g.MemoryBits} memory bits; ASIC, technology-neutral ({sizing.Target.Estimate})");
        if (sizing.Ice40 is null)
        {
            var t = sizing.Cells!;
            return string.Create(CultureInfo.InvariantCulture,
                $"{gen.Name}: {sizing.Target.Family}: {t.Luts} LUT, {t.Ffs} FF, {t.Brams} BRAM, {t.Dsps} DSP, {t.Carries} carry, {t.LutRams} LUT-RAM; {sizing.Target.Estimate}");
        }
        var c = sizing.Ice40;
        var clock = sizing.PlaceRoute.Report?.MainClock;
        string timing = clock is null
            ? "no iCE40 device fits (generic numbers only)"
            : FormattableString.Invariant($"{clock.FmaxMhz:F1} MHz{SeedRange(sizing.PlaceRoute)} on {sizing.PlaceRoute.Device!.Name}, {clock.FmaxMhz / gen.CyclesPerWeight:F1} M weights/s");
        return string.Create(CultureInfo.InvariantCulture,
            $"{gen.Name}: {c.Lut4} LUT4, {c.Ff} FF, {c.Bram} BRAM, {c.Dsp} DSP, {c.Spram} SPRAM, {c.Carry} carry; {sizing.Generic.Cells} generic cells; {timing}");
    }
}
