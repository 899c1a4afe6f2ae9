using DecoderHw.Sweep;

namespace DecoderHw.Tests.Sweep;

public class SweepAxesTests
{
    [Theory]
    [InlineData("1,2,4,8", new[] { 1, 2, 4, 8 })]
    [InlineData("8..12", new[] { 8, 9, 10, 11, 12 })]
    [InlineData("5, 8..10,12", new[] { 5, 8, 9, 10, 12 })]
    [InlineData("4,2,2,1", new[] { 1, 2, 4 })]
    public void IntList_ParsesListsAndRanges(string text, int[] expected)
    {
        Assert.Equal(expected, IntList.Parse(text, "--lanes"));
    }

    [Theory]
    [InlineData("12..8", "runs backwards")]
    [InlineData("1,x", "'x' is not a whole number")]
    [InlineData("-1", "is not a whole number")]
    public void IntList_RejectsWithTheOptionName_WhenTextIsNotAList(string text, string message)
    {
        var e = Assert.Throws<Cli.UserErrorException>(() => IntList.Parse(text, "--table-log"));

        Assert.StartsWith("--table-log: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void SweepPoint_Grid_CrossesAllAxes_AndKeepsTheSpecsWidthWhenNoneGiven()
    {
        var grid = SweepPoint.Grid([1, 2], [9, 11], null);

        Assert.Equal([new(1, 9, null), new(1, 11, null), new(2, 9, null), new(2, 11, null)], grid);
        Assert.Equal("lanes2-tl11", grid[3].Label);
        Assert.Equal("lanes1-tl9-w64", new SweepPoint(1, 9, 64).Label);
    }

    [Fact]
    public void SizingKey_HashesTheRtlTheReportAndTheContext()
    {
        string gen = Directory.CreateTempSubdirectory("decoderhw-key-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(gen, "rtl"));
            File.WriteAllText(Path.Combine(gen, "rtl", "a.sv"), "module a; endmodule");
            File.WriteAllText(Path.Combine(gen, "report.json"), "{}");
            string key = DecoderHw.Sizing.SizingKey.ForOutput(gen, "ctx");

            Assert.Equal(key, DecoderHw.Sizing.SizingKey.ForOutput(gen, "ctx"));
            Assert.NotEqual(key, DecoderHw.Sizing.SizingKey.ForOutput(gen, "ctx2"));
            File.WriteAllText(Path.Combine(gen, "rtl", "a.mem"), "00");
            string withTable = DecoderHw.Sizing.SizingKey.ForOutput(gen, "ctx");
            Assert.NotEqual(key, withTable);
            File.WriteAllText(Path.Combine(gen, "report.json"), "{\"lanes\": 2}");
            Assert.NotEqual(withTable, DecoderHw.Sizing.SizingKey.ForOutput(gen, "ctx"));
        }
        finally
        {
            Directory.Delete(gen, recursive: true);
        }
    }

    [Fact]
    public void SweepCsv_QuotesCellsWithCommas_AndWritesEmptyForMissingNumbers()
    {
        var row = SweepPlotsTests.Synthetic()[^1] with { Message = "iCE40-HX8K: block RAM: needs 64, has 32" };

        string[] lines = SweepCsv.Format([row]).Split('\n');

        Assert.Equal(string.Join(',', SweepCsv.Columns), lines[0]);
        Assert.Contains(",\"iCE40-HX8K: block RAM: needs 64, has 32\",", lines[1]);
        Assert.Contains(",nofit,", lines[1]);
        Assert.Equal(SweepCsv.Columns.Length, lines[1].Split(',').Length - 1);
    }
}

public class SweepMarkdownTests
{
    [Fact]
    public void SweepMarkdown_ShowsDashesForPointsWithoutAClock_AndEscapesPipes()
    {
        var rows = SweepPlotsTests.Synthetic().Where(r => r.Lanes == 8 && r.TableLog == 12).Select(r => r with { Message = "a | b" }).ToList();

        string md = SweepMarkdown.Format("decoder", rows, []);

        Assert.Contains("| 8 | 12 | 32 |", md);
        Assert.Contains("| - | 7.996 | - |", md);
        Assert.Contains("no fit: a \\| b", md);
    }
}
