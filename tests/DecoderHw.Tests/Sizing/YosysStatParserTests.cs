using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

public class YosysStatParserTests
{
    [Fact]
    public void YosysStat_CountsIce40Cells_FromSynthIce40Stat()
    {
        var cells = Ice40Cells.From(YosysStatParser.Parse(CapturedLogs.Read("scratch_ice40.stat")));

        // SB_DFFESR 5 + SB_DFFSR 46: every SB_DFF* flavour is a flip-flop.
        Assert.Equal(new Ice40Cells(Lut4: 265, Ff: 51, Bram: 10, Carry: 32), cells);
    }

    [Fact]
    public void YosysStat_ReadsRomBits_WhenMemoriesAreNotYetCollected()
    {
        var stat = YosysStatParser.Parse(CapturedLogs.Read("scratch_generic_rom.stat"));

        // One 2048 x 19-bit table: 2^11 entries of {symbol 4, nbBits 4, baseline 11}.
        Assert.Equal(1, stat.Memories);
        Assert.Equal(2048 * 19, stat.MemoryBits);
    }

    [Fact]
    public void YosysStat_ReadsGenericCells_WithTheRomKeptAsOneMemoryCell()
    {
        var stat = YosysStatParser.Parse(CapturedLogs.Read("scratch_generic.stat"));

        Assert.Equal("tiny_decoder", stat.Module);
        Assert.Equal(546, stat.Cells);
        Assert.Equal(1, stat.CellTypes["$mem_v2"]);
        Assert.Equal(101, stat.CellTypes["$_ANDNOT_"]);
        Assert.Null(stat.Transistors);
    }

    [Fact]
    public void YosysStat_MarksTransistorsAsLowerBound_WhenSomeCellsHaveNoCmosCost()
    {
        var stat = YosysStatParser.Parse(CapturedLogs.Read("scratch_generic_cmos.stat"));

        Assert.Equal(5654, stat.Transistors);
        Assert.True(stat.TransistorsLowerBound);
        // After dffunmap every register is a plain $_DFF_P_, which stat -tech cmos does cost.
        Assert.Equal(51, stat.CellTypes["$_DFF_P_"]);
    }

    [Fact]
    public void YosysStat_UsesDesignHierarchyTotal_WhenTheDesignIsNotFlattened()
    {
        var stat = YosysStatParser.Parse(CapturedLogs.Read("hierarchy.stat"));

        // top instantiates sub twice: 2 x 24 cells, 2 x 8 flip-flops; the instance lines are not cell types.
        Assert.Equal("design hierarchy", stat.Module);
        Assert.Equal(48, stat.Cells);
        Assert.Equal(16, stat.CellTypes["$_DFF_P_"]);
        Assert.False(stat.CellTypes.ContainsKey("sub"));
    }

    [Fact]
    public void YosysStat_ReadsTheLastStat_WhenGivenAWholeLog()
    {
        // The tail of a plain `synth; stat; stat -tech cmos` log: three stat blocks, the ROM mapped to muxes.
        var stat = YosysStatParser.Parse(CapturedLogs.Read("scratch_yosys_plain_synth.log"));

        Assert.Equal(5658, stat.Cells);
        Assert.Equal(5095, stat.CellTypes["$_MUX_"]);
        Assert.Equal(64400, stat.Transistors);
        Assert.True(stat.TransistorsLowerBound);
    }

    [Fact]
    public void YosysStat_Throws_WhenTheTextHasNoStat()
    {
        Assert.Throws<FormatException>(() => YosysStatParser.Parse(CapturedLogs.Read("yosys_syntax_error.log")));
    }
}
