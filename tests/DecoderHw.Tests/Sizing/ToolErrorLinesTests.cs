using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

public class ToolErrorLinesTests
{
    [Fact]
    public void ToolErrorLines_ReturnsYosysErrorWithItsLocation()
    {
        Assert.Equal(["bad.sv:2: ERROR: syntax error, unexpected ';'"], ToolErrorLines.Extract(CapturedLogs.Read("yosys_syntax_error.log")));
    }

    [Fact]
    public void ToolErrorLines_ReturnsNextpnrPlacementError_NotItsInfoLines()
    {
        var lines = ToolErrorLines.Extract(CapturedLogs.Read("bram_overflow_nextpnr_hx8k.log"));

        Assert.Equal(["ERROR: Unable to place cell 'rom.0.36_RAM', no BELs remaining to implement cell type 'ICESTORM_RAM'"], lines);
    }

    [Fact]
    public void ToolErrorLines_FallsBackToTheLastLines_WhenNoLineLooksLikeAnError()
    {
        string output = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"line {i}")) + "\n\n";

        var lines = ToolErrorLines.Extract(output);

        Assert.Equal(ToolErrorLines.MaxLines, lines.Count);
        Assert.Equal("line 30", lines[^1]);
    }
}
