using System.Text.Json.Nodes;
using DecoderHw.Sizing;

namespace DecoderHw.Sweep;

/// <summary>What Verilator measured for one point (sim_verilator.json of sim/run.sh).</summary>
public sealed record SimFigures(long Weights, long Cycles, double CyclesPerWeight, int FirstOutputLatencyCycles);

/// <summary>
/// <c>sweep --sim</c>: builds a point's testbench and runs its free scenario on Verilator with the
/// checkout's own scripts (sim/build.sh, sim/run.sh), the same ones <c>make test</c> uses. The testbench
/// compares every weight with the reference and every handshake cycle with the cycle model, so a pass
/// means the point is bit- and cycle-exact; the figures are merged into the point's report.json.
/// </summary>
public sealed class PointSimulation(ToolRunner runner, string checkoutRoot, TimeSpan? timeout = null)
{
    private TimeSpan Limit => timeout ?? TimeSpan.FromMinutes(20);

    /// <summary>The checkout whose sim/ scripts run the simulation: the folder that holds rtl-templates/.</summary>
    public static string FindCheckout()
    {
        string root = Path.GetDirectoryName(Rtl.RtlWriter.TemplateDirectory())!;
        if (!File.Exists(Path.Combine(root, "sim", "run.sh")) || !File.Exists(Path.Combine(root, "testbenches", "tb_decoder.sv")))
            throw new Cli.UserErrorException($"--sim needs the DecoderHw checkout's sim/ and testbenches/ beside {Path.Combine(root, "rtl-templates")}");
        return root;
    }

    public async Task<SimFigures> RunAsync(string genDir, CancellationToken cancellation)
    {
        string dir = Path.GetFullPath(genDir);
        string logs = Path.Combine(dir, "logs");
        Directory.CreateDirectory(logs);
        await runner.RunCheckedAsync(Script("build.sh", ["verilator", dir], Path.Combine(logs, "sim_build.log")), cancellation);
        await runner.RunCheckedAsync(Script("run.sh", ["verilator", dir, "free"], Path.Combine(logs, "sim_run.log")), cancellation);

        string json = Path.Combine(dir, "sim_verilator.json");
        if (!File.Exists(json)) throw new Cli.UserErrorException($"{dir}: the simulation passed but wrote no sim_verilator.json");
        var sim = JsonNode.Parse(await File.ReadAllTextAsync(json, cancellation))!.AsObject();
        var figures = new SimFigures(
            sim["weights"]!.GetValue<long>(),
            sim["cycles"]!.GetValue<long>(),
            sim["cycles_per_weight"]!.GetValue<double>(),
            sim["first_output_latency_cycles"]!.GetValue<int>());

        string reportPath = Path.Combine(dir, "report.json");
        var report = SizingReport.Load(reportPath);
        report["simulation"] = new JsonObject
        {
            ["simulator"] = "verilator",
            ["scenario"] = "free",
            ["result"] = "pass",
            ["weights"] = figures.Weights,
            ["cycles"] = figures.Cycles,
            ["cycles_per_weight"] = figures.CyclesPerWeight,
            ["first_output_latency_cycles"] = figures.FirstOutputLatencyCycles,
        };
        SizingReport.Save(report, reportPath);
        return figures;
    }

    private ToolRun Script(string name, IReadOnlyList<string> arguments, string log) =>
        new("bash", [Path.Combine(checkoutRoot, "sim", name), .. arguments], checkoutRoot, log, Limit);
}
