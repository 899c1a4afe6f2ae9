using System.Text.Json;
using DecoderHw.Compare;
using DecoderHw.Sizing;
using DecoderHw.Tests.Sizing;

namespace DecoderHw.Tests.Compare;

/// <summary>The side-by-side table and compare.json on sizing numbers from captured yosys/nextpnr logs
/// (the "scratch" decoder of Sizing/logs: 265 LUT4, 51 FF, 10 BRAM, 71.48 MHz); no tools run.</summary>
public sealed class CompareTableTests
{
    private static CoderVariant Row(string coder, string tables, double bitsPerWeight, double cyclesPerWeight) =>
        new(coder, tables, HasRtl: true, Weights: 100_000, StreamBits: (long)(bitsPerWeight * 100_000), HeaderBits: 200,
            bitsPerWeight, EntropyBitsPerWeight: 2.5, Cycles: (long)(cyclesPerWeight * 100_000), cyclesPerWeight,
            StalledCyclesPerWeight: cyclesPerWeight * 1.3, FirstOutputLatencyCycles: 3,
            TableLoadCycles: tables == "ram" ? 4_115 : null, BufferWidth: 64, MaxBitsPerCycle: 11,
            InputBitsPerCycle: bitsPerWeight, TableBits: tables == "ram" ? 47_284 : 38_912);

    private static SizingReport.GenFigures Gen(double cyclesPerWeight) =>
        new("tiny", Weights: 100_000, CodedBits: 250_000, HeaderBits: 200, BitsPerWeight: 2.502, CyclesPerWeight: cyclesPerWeight);

    /// <summary>tans placed at 71.48 MHz; huffman too big for the device; raw's tools failed; tans (ram) not sized.</summary>
    private static CoderComparison Captured() => new("tiny", "tiny.yaml", Lanes: 1, InputWidth: 32, Weights: 100_000,
    [
        Row("tans", "rom", 2.502, 1.25) with { Sizing = VariantSizing.From(Gen(1.25), SizingReportTests.Scratch()) },
        Row("huffman", "rom", 2.60, 1.25) with { Sizing = VariantSizing.From(Gen(1.25), SizingReportTests.Scratch(placed: false)) },
        Row("raw", "rom", 4.0, 1.25) with { Sizing = VariantSizing.Failed("yosys: timed out after 600 s (log: x|y.log)") },
        Row("tans", "ram", 2.55, 2.0),
    ])
    {
        Tools = new ComparisonTools("0.23", "0.4-1+b1", 100, 1, ["iCE40-HX8K"]),
    };

    private static Dictionary<string, string> Cells(CompareTable table, int row) =>
        table.Columns.Select((c, i) => (c.Header, Cell: table.Rows[row][i])).ToDictionary(x => x.Header, x => x.Cell);

    [Fact]
    public void CompareTable_ShowsAreaFmaxAndWeightsPerSecond_WhenTheVariantPlaced()
    {
        var tans = Cells(CompareTable.Build(Captured()), 0);

        Assert.Equal("265", tans["LUT4"]);
        Assert.Equal("51", tans["FF"]);
        Assert.Equal("10", tans["BRAM"]);
        Assert.Equal("0", tans["DSP"]);
        Assert.Equal("71.5", tans["Fmax MHz"]);
        // weights/s = Fmax x weights/cycle: 71.48 MHz / 1.25 cycles per weight.
        Assert.Equal("57.2", tans["M weights/s"]);
        Assert.Equal("iCE40-HX8K", tans["sizing note"]);
        Assert.Equal("2.5020", tans["bits/weight"]);
    }

    [Fact]
    public void CompareTable_SaysDoesNotFitInTheRow_WhenNoDeviceHoldsTheVariant()
    {
        var huffman = Cells(CompareTable.Build(Captured()), 1);

        // The area from synthesis still stands; only the clock is missing.
        Assert.Equal("265", huffman["LUT4"]);
        Assert.Equal(CompareTable.DoesNotFit, huffman["Fmax MHz"]);
        Assert.Equal("-", huffman["M weights/s"]);
        Assert.Equal("iCE40-HX8K: block RAM: needs 64 SB_RAM40_4K, iCE40-HX8K has 32 (32 over)", huffman["sizing note"]);
    }

    [Fact]
    public void CompareTable_ShowsDashes_WhenTheVariantWasNotSized()
    {
        var table = CompareTable.Build(Captured());
        var ram = Cells(table, 3);
        var raw = Cells(table, 2);

        Assert.All(new[] { "LUT4", "FF", "BRAM", "DSP", "Fmax MHz", "M weights/s" }, h => Assert.Equal(CompareTable.NotSized, ram[h]));
        Assert.Equal("4,115", ram["table load"]);
        Assert.Equal("failed", raw["Fmax MHz"]);
        Assert.Equal("-", raw["LUT4"]);
        Assert.Contains("timed out", raw["sizing note"]);
    }

    [Fact]
    public void CompareMarkdown_HasTheSameCellsAsTheConsoleTable_AndNamesTheWinners()
    {
        var comparison = Captured();
        var md = comparison.ToMarkdown();

        var table = CompareTable.Build(comparison);
        Assert.Contains("| " + string.Join(" | ", table.Rows[0]) + " |", md);
        // A pipe in a message must not split the Markdown cell.
        Assert.Contains(@"(log: x\|y.log)", md);
        Assert.Contains("- Smallest stream: tans (62.5 % of raw).", md);
        Assert.Contains("- Fewest LUT4: tans (265 LUT4, 10 BRAM).", md);
        Assert.Contains("- Most weights/s: tans (71.5 MHz, 57.2 M weights/s).", md);
        Assert.Contains("- Too big for every iCE40 part tried (area from synthesis only): huffman.", md);
        Assert.Contains("nextpnr-ice40 0.4-1+b1", md);
    }

    [Fact]
    public void CompareJson_CarriesTheSizingOfEveryVariant_AndNullWhereNotSized()
    {
        using var json = JsonDocument.Parse(Captured().ToJson());
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToList();

        var tans = variants[0].GetProperty("sizing");
        Assert.Equal("ok", tans.GetProperty("status").GetString());
        Assert.Equal(265, tans.GetProperty("logic").GetInt64());
        Assert.Equal(71.48, tans.GetProperty("fmax_mhz").GetDouble());
        Assert.Equal(57_184_000, tans.GetProperty("weights_per_second").GetDouble());
        Assert.Equal("rom.0.7_RAM.RDATA_3", tans.GetProperty("critical_path").GetString()!.Split(" -> ")[0]);
        var huffman = variants[1].GetProperty("sizing");
        Assert.Equal("no_fit", huffman.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, huffman.GetProperty("fmax_mhz").ValueKind);
        Assert.Single(huffman.GetProperty("not_fitting").EnumerateArray());
        Assert.Equal("failed", variants[2].GetProperty("sizing").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, variants[3].GetProperty("sizing").ValueKind);
        Assert.Equal("tans_ram", variants[3].GetProperty("folder").GetString());
        Assert.Equal("0.23", json.RootElement.GetProperty("tools").GetProperty("yosys").GetString());
    }

    [Fact]
    public void VariantSizing_RoundTripsThroughJson_SoACachedVariantReadsBackTheSameNumbers()
    {
        var sizing = VariantSizing.From(Gen(1.25), SizingReportTests.Scratch(placed: false));

        var back = JsonSerializer.Deserialize<VariantSizing>(JsonSerializer.Serialize(sizing, Reports.ReportWriter.JsonOptions), Reports.ReportWriter.JsonOptions)!;

        Assert.Equal(sizing with { NotFitting = [] }, back with { NotFitting = [] });
        Assert.Equal(sizing.NotFitting, back.NotFitting);
    }
}
