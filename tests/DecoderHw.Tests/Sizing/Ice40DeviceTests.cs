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

    [Fact]
    public void Ice40Cells_CountsDspBlocks_WhenSynthesizedWithDsp()
    {
        var cells = Ice40Cells.From(YosysStatParser.Parse(CapturedLogs.Read("mul8_up5k_ice40.stat")));

        // synth_ice40 -dsp put the 8 x 8 product and its output register into one SB_MAC16.
        Assert.Equal(new Ice40Cells(Lut4: 0, Ff: 16, Bram: 0, Carry: 0, Dsp: 1, Spram: 0), cells);
    }

    [Fact]
    public void Ice40Device_RefusesDspBlocks_WhenThePartHasNone()
    {
        var cells = new Ice40Cells(Lut4: 10, Ff: 0, Bram: 0, Carry: 0, Dsp: 9, Spram: 5);

        Assert.Equal(["DSP: needs 9 SB_MAC16, iCE40-HX8K has 0 (9 over)", "SPRAM: needs 5 SB_SPRAM256KA, iCE40-HX8K has 0 (5 over)"],
            Ice40Device.Hx8k.DoesNotFit(cells));
        Assert.Equal(["DSP: needs 9 SB_MAC16, iCE40-UP5K has 8 (1 over)", "SPRAM: needs 5 SB_SPRAM256KA, iCE40-UP5K has 4 (1 over)"],
            Ice40Device.Up5k.DoesNotFit(cells));
        Assert.Empty(Ice40Device.Up5k.DoesNotFit(cells with { Dsp = 8, Spram = 4 }));
    }

    [Fact]
    public void YosysScripts_SynthesizesForTheUltraPlusBlocks_OnlyWithItsFlags()
    {
        string plain = YosysScripts.Ice40(["a.sv"], "top", "top.json", "ice40.stat");
        string up5k = YosysScripts.Ice40(["a.sv"], "top", "top_up5k.json", "ice40_up5k.stat", Ice40Device.Up5k.SynthFlags);

        Assert.Contains("synth_ice40 -top top -json top.json", plain);
        Assert.Contains("synth_ice40 -top top -dsp -spram -json top_up5k.json", up5k);
        Assert.Equal("", Ice40Device.Hx8k.SynthFlags);
    }

    [Fact]
    public void Ice40Device_SaysThePackageHasTooFewPins_WhenThePortsOutnumberThem()
    {
        var cells = new Ice40Cells(Lut4: 2500, Ff: 500, Bram: 5, Carry: 100);

        // 88 port bits: a one-lane decoder with a 64-bit input (nextpnr counted 88 SB_IO for it).
        Assert.Equal(["I/O pins: the ports need 88, iCE40-UP5K (sg48) has 39 (49 over; placed stand-alone, every port bit is a pin)"],
            Ice40Device.Up5k.DoesNotFit(cells, ports: 88));
        Assert.Empty(Ice40Device.Hx8k.DoesNotFit(cells, ports: 88));
    }

    [Fact]
    public void NetlistPorts_CountsEveryPortBitOfTheTop_InAYosysNetlist()
    {
        string json = Path.Combine(AppContext.BaseDirectory, "Sizing", "logs", "mul8_up5k.json");

        // clk_i, a_i[8], b_i[8], p_o[16]
        Assert.Equal(33, NetlistPorts.Count(json, "mul8"));
        Assert.Throws<FormatException>(() => NetlistPorts.Count(json, "no_such_module"));
    }
}
