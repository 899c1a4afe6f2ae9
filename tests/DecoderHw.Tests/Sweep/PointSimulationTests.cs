using System.Text.Json.Nodes;
using DecoderHw.Sizing;
using DecoderHw.Sweep;

namespace DecoderHw.Tests.Sweep;

/// <summary>sweep --sim's step against a stand-in checkout whose sim/ scripts behave like the real ones
/// (build, then run writing sim_verilator.json), and like a failing testbench.</summary>
public sealed class PointSimulationTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("decoderhw-pointsim-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Checkout(string runScript)
    {
        string checkout = Path.Combine(root, "checkout");
        Directory.CreateDirectory(Path.Combine(checkout, "sim"));
        File.WriteAllText(Path.Combine(checkout, "sim", "build.sh"), "#!/bin/bash\necho built \"$@\"\n");
        File.WriteAllText(Path.Combine(checkout, "sim", "run.sh"), "#!/bin/bash\n" + runScript);
        return checkout;
    }

    private string GenDir()
    {
        string dir = Path.Combine(root, "point");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "report.json"), """{"name": "p", "totals": {"cycles_per_weight": 1.0024}}""");
        return dir;
    }

    [Fact]
    public async Task RunAsync_MergesTheTestbenchFigures_IntoTheReport()
    {
        string checkout = Checkout("""
            cat > "$2/sim_verilator.json" <<J
            {"simulator": "verilator", "weights": 4096, "cycles": 4106, "cycles_per_weight": 1.002441, "first_output_latency_cycles": 6, "mismatches": 0}
            J
            echo "TB PASS [verilator]"
            """);
        string dir = GenDir();

        var figures = await new PointSimulation(new ToolRunner(), checkout).RunAsync(dir, CancellationToken.None);

        Assert.Equal(new SimFigures(4096, 4106, 1.002441, 6), figures);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!;
        Assert.Equal("pass", report["simulation"]!["result"]!.GetValue<string>());
        Assert.Equal(1.0024, report["totals"]!["cycles_per_weight"]!.GetValue<double>());
        Assert.Equal(1.002441, SweepRow.FromReport(Minimal(report.AsObject()), dir).SimCyclesPerWeight);
    }

    [Fact]
    public async Task RunAsync_FailsWithTheTestbenchsOwnWords_WhenTheRunFails()
    {
        string checkout = Checkout("echo 'TB FAIL [verilator]: weight 17 of layer 0: expected 3, got -2' >&2\nexit 1\n");

        var e = await Assert.ThrowsAsync<ToolException>(() => new PointSimulation(new ToolRunner(), checkout).RunAsync(GenDir(), CancellationToken.None));

        Assert.Contains("expected 3, got -2", e.Message, StringComparison.Ordinal);
        Assert.False(JsonNode.Parse(File.ReadAllText(Path.Combine(root, "point", "report.json")))!.AsObject().ContainsKey("simulation"));
    }

    /// <summary>The report fields SweepRow reads, around the given report's simulation node.</summary>
    private static JsonObject Minimal(JsonObject withSimulation)
    {
        var report = JsonNode.Parse("""
            {"name": "p", "lanes": 1, "table_log": 11, "input_width": 8,
             "totals": {"weights": 4096, "bits_per_weight": 2.5, "entropy_bits_per_weight": 2.49, "cycles_per_weight": 1.0024},
             "area": {"yosys_cells": 700, "cmos_transistors": 9000, "table_rom_bits": 38912, "ice40": {"lut4": 299, "ff": 83, "bram": 9, "carry": 38}},
             "timing": {"device": "iCE40-HX8K", "fmax_mhz": 107.0},
             "memory": {"stream_bytes": 1280, "table_bytes": 4864}}
            """)!.AsObject();
        report["simulation"] = withSimulation["simulation"]!.DeepClone();
        return report;
    }
}
