using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

public class Ice40DeviceTests
{
    [Fact]
    public void Ice40Device_SaysHowManyBlockRamsAreMissing_WhenTheTablesDoNotFit()
    {
        var cells = Ice40Cells.From(YosysStatParser.Parse(CapturedLogs.Read("bram_overflow_ice40.stat")));

        var reasons = Ice40Device.Hx8k.DoesNotFit(cells);

        Assert.Equal(["block RAM: needs 64 SB_RAM40_4K, iCE40-HX8K has 32 (32 over)"], reasons);
    }

    [Fact]
    public void Ice40Device_AcceptsANetlist_WhenItsCellsAreWithinTheDevice()
    {
        var cells = Ice40Cells.From(YosysStatParser.Parse(CapturedLogs.Read("scratch_ice40.stat")));

        Assert.Empty(Ice40Device.Hx8k.DoesNotFit(cells));
        Assert.Empty(Ice40Device.Up5k.DoesNotFit(cells));
    }

    [Fact]
    public void Ice40Device_CountsEveryLut4AsALogicCell_WhenCheckingLogic()
    {
        var reasons = Ice40Device.Up5k.DoesNotFit(new Ice40Cells(Lut4: 6000, Ff: 0, Bram: 0, Carry: 0));

        Assert.Equal(["logic: needs at least 6000 logic cells (SB_LUT4), iCE40-UP5K has 5280 (720 over)"], reasons);
    }
}
