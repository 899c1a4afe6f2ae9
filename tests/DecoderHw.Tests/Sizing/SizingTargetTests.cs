using System.Text.Json.Nodes;
using DecoderHw.Cli;
using DecoderHw.Sizing;
using DecoderHw.Sweep;

namespace DecoderHw.Tests.Sizing;

/// <summary>size --target: the cell classes of each FPGA vendor's netlist, the gate equivalents of the
/// ASIC figure, and how both land in report.json, sweep rows and the command line. The stats are the
/// product's own (logs/minimal_*.stat, see logs/README.md); no tools run here.</summary>
public class SizingTargetTests
{
    private static YosysStat Stat(string name) => YosysStatParser.Parse(CapturedLogs.Read(name));

    [Fact]
    public void CellClasses_CountsLutsAndInverters_NotWideMuxesOrClockBuffers_OnXilinx()
    {
        var cells = SizingTarget.Xilinx.Cells!.Count(Stat("minimal_xilinx.stat"));

        // LUT1..LUT6 1+67+79+51+66+204 and INV 36 (a LUT1 in the fabric); MUXF7/MUXF8 and BUFG are not LUTs.
        Assert.Equal(new TargetCells(Luts: 504, Ffs: 102, Brams: 1, Dsps: 0, Carries: 8, LutRams: 0), cells);
    }

    [Fact]
    public void CellClasses_CountsLut4AndTrellisFlipFlops_OnEcp5()
    {
        var cells = SizingTarget.Ecp5.Cells!.Count(Stat("minimal_ecp5.stat"));

        // PFUMX and L6MUX21 are the slice's wide-function muxes, not LUTs; CCU2C is a carry cell.
        Assert.Equal(new TargetCells(Luts: 1294, Ffs: 102, Brams: 2, Dsps: 0, Carries: 31, LutRams: 0), cells);
    }

    [Fact]
    public void CellClasses_CountsEveryDffFlavourAndTheBlockRams_OnGowin()
    {
        var cells = SizingTarget.Gowin.Cells!.Count(Stat("minimal_gowin.stat"));

        // DFF 5 + DFFR 75 + DFFRE 22; LUT1..LUT4 1605+99+103+128; SPX9 is a block RAM; GND/VCC and MUX2_LUTn are not counted.
        Assert.Equal(new TargetCells(Luts: 1935, Ffs: 102, Brams: 2, Dsps: 0, Carries: 62, LutRams: 0), cells);
    }

    [Fact]
    public void GateEquivalents_WeighsEachGateByItsTransistorsOverNand2s_InAHandWorkedNetlist()
    {
        var stat = YosysStatParser.Parse("""
            === top ===

               Number of wires:                  9
               Number of memories:               0
               Number of memory bits:            0
               Number of cells:                  7
                 $_DFF_P_                        1
                 $_NAND_                         3
                 $_NOT_                          2
                 $_XOR_                          1

            """);

        var area = GateEquivalents.From(stat, memoryBits: 512);

        // 3 NAND2 x 1 + 2 NOT x 0.5 + 1 XOR2 x 3 + 1 DFF x 4 = 11.
        Assert.Equal(11.0, area.GateEquivalents);
        Assert.Equal(1, area.FlipFlops);
        Assert.Equal(512, area.MemoryBits);
        Assert.Equal(7, area.LogicCells);
    }

    [Fact]
    public void GateEquivalents_TimesFourIsYosysTransistorCount_ForTheMinimalDecoder()
    {
        var area = GateEquivalents.From(Stat("minimal_asic.stat"), Stat("minimal_asic_memory.stat").MemoryBits);
        var cmos = Stat("minimal_asic_cmos.stat");

        // Our weights are Yosys's cost table over NAND2's 4 transistors; its '+' is for the memory cell alone.
        Assert.Equal(cmos.Transistors!.Value, (long)(area.GateEquivalents * 4));
        Assert.True(cmos.TransistorsLowerBound);
        // The 2048 x 19-bit table stays a memory: its bits are reported, not mapped into gates.
        Assert.Equal(2048 * 19, area.MemoryBits);
        Assert.Equal(102, area.FlipFlops);
    }

    [Fact]
    public void GateEquivalents_RefusesACellOutsideTheGateSet()
    {
        var stat = new YosysStat("top", 2, new Dictionary<string, long> { ["$_NAND_"] = 1, ["$_SDFF_PP0_"] = 1 }, 0, 0, null, false);

        var e = Assert.Throws<InvalidOperationException>(() => GateEquivalents.From(stat, 0));

        Assert.Contains("$_SDFF_PP0_", e.Message);
    }

    [Fact]
    public void SizingTarget_NamesEveryTarget_WhenTheValueIsUnknown()
    {
        var e = Assert.Throws<UserErrorException>(() => SizingTarget.Parse("virtex"));

        Assert.Equal("--target: expected ice40, ecp5, xilinx, gowin, asic, got 'virtex'", e.Message);
    }

    private static SizingResult Unplaced(SizingTarget target, TargetCells? cells, GateArea? gates) =>
        SizingReportTests.Scratch() with
        {
            Ice40 = null,
            PlaceRoute = new PlaceRouteResult(null, null, []),
            Versions = new ToolVersions("0.23 (git sha1 7ce5011c24b)", ""),
            Options = SizingOptions.Default with { Target = target },
            Cells = cells,
            Gates = gates,
        };

    private static JsonObject GenReport() => JsonNode.Parse("""
        {"name": "tiny", "lanes": 1, "table_log": 11, "input_width": 32,
         "totals": {"weights": 100000, "coded_bits": 250000, "header_bits": 200, "bits_per_weight": 2.502,
                    "entropy_bits_per_weight": 2.5, "cycles_per_weight": 1.25}}
        """)!.AsObject();

    [Fact]
    public void SizingReport_WritesTheAsicFigure_AndNoIce40OrNextpnr_ForTheAsicTarget()
    {
        var report = GenReport();
        var gates = GateEquivalents.From(Stat("minimal_asic.stat"), 38912);

        SizingReport.Merge(report, SizingReport.ReadGen(report, "report.json"), Unplaced(SizingTarget.Asic, null, gates));

        var target = report["area"]!["target"]!;
        Assert.Null(report["area"]!["ice40"]);
        Assert.Equal("asic", target["name"]!.GetValue<string>());
        Assert.Equal(2008.5, target["gate_equivalents"]!.GetValue<double>());
        Assert.Equal(38912, target["memory_bits"]!.GetValue<long>());
        Assert.Equal(131, target["gates"]!["$_NAND_"]!.GetValue<long>());
        Assert.Null(report["tools"]!["nextpnr"]);
        Assert.Null(report["timing"]!["fmax_mhz"]);
    }

    [Fact]
    public void SweepRow_ReadsTheTargetsUnits_AndCallsAnUnplacedPointOk()
    {
        var report = GenReport();
        var cells = SizingTarget.Xilinx.Cells!.Count(Stat("minimal_xilinx.stat"));
        SizingReport.Merge(report, SizingReport.ReadGen(report, "report.json"), Unplaced(SizingTarget.Xilinx, cells, null));

        var row = SweepRow.FromReport(report, "points/x");

        Assert.Equal("xilinx", row.Target);
        Assert.Equal(504, row.Logic);
        Assert.Equal(1, row.Memory);
        // Not placed is the target's nature, not a failure to fit.
        Assert.Equal(PointStatus.Ok, row.Status);
        Assert.Null(row.FmaxMhz);
        Assert.Equal("synthesis only (no place and route)", report["area"]!["target"]!["estimate"]!.GetValue<string>());
    }

    [Fact]
    public void SizingReport_SaysTheIce40CellsAreSynthesizedOnly_WhenNoPartHoldsThem()
    {
        var report = GenReport();

        SizingReport.Merge(report, SizingReport.ReadGen(report, "report.json"), SizingReportTests.Scratch(placed: false));

        Assert.Equal("synthesized; fits no iCE40 part tried", report["area"]!["target"]!["estimate"]!.GetValue<string>());
        Assert.Equal(265, report["area"]!["target"]!["luts"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("--target", "ecp5", "--device", "hx8k", "--device: only with --target ice40")]
    [InlineData("--target", "spartan", "--seeds", "1", "--target: expected ice40, ecp5, xilinx, gowin, asic, got 'spartan'")]
    public void SizeCommand_ExitsWithTwo_OnABadTargetOption(string o1, string v1, string o2, string v2, string message)
    {
        var stderr = new StringWriter();
        string dir = Directory.CreateTempSubdirectory("decoderhw-target-").FullName;
        try
        {
            int exit = CliApp.Run(["size", dir, o1, v1, o2, v2], new CliConsole(new StringWriter(), stderr));

            Assert.Equal(2, exit);
            Assert.Contains(message, stderr.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
