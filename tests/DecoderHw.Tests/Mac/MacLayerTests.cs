using DecoderHw.Cli;
using DecoderHw.Generation;
using DecoderHw.Mac;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Mac;

/// <summary>The MAC example's C# reference (the RTL of examples/mac/mac_layer.sv is checked against it by
/// testbenches/tb_mac.sv) and its cycle comparison.</summary>
public class MacLayerTests
{
    [Fact]
    public void MacLayer_MultipliesRowMajorWeightsByTheActivations_InAHandWorkedLayer()
    {
        // W = [[1, -2, 3, 0], [-1, 0, 2, 2]] (2 x 4, row-major), x = [5, -3, 2, -128].
        var mac = new MacLayer(Rows: 2, Cols: 4, Lanes: 2, InputWidth: 32);

        var y = mac.Reference([1, -2, 3, 0, -1, 0, 2, 2], [5, -3, 2, -128]);

        // y0 = 5 + 6 + 6 + 0 = 17; y1 = -5 + 0 + 4 - 256 = -257.
        Assert.Equal([17, -257], y);
    }

    [Theory]
    [InlineData(32, 8, 4)]    // the bus brings 4 int8 weights a cycle: half the MACs idle
    [InlineData(64, 16, 8)]
    [InlineData(32, 2, 2)]    // fewer MACs than the bus delivers: the MACs set the pace
    public void MacLayer_PlainInt8ReadsBusWidthOver8WeightsACycle_AtMostLanes(int inputWidth, int lanes, int perCycle)
    {
        var mac = new MacLayer(Rows: 128, Cols: 128, Lanes: lanes, InputWidth: inputWidth);

        Assert.Equal(perCycle, mac.PlainWeightsPerCycle);
        Assert.Equal(128 * 128 / perCycle, mac.PlainInt8Cycles);
    }

    [Fact]
    public void MacLayer_Activations_AreSeededInt8_CoveringBothSigns()
    {
        var a = MacLayer.Activations(4096, 1);

        Assert.Equal(a, MacLayer.Activations(4096, 1));
        Assert.NotEqual(a, MacLayer.Activations(4096, 2));
        Assert.Contains(a, v => v < -100);
        Assert.Contains(a, v => v > 100);
    }

    [Theory]
    [InlineData(100, "does not divide the layer's 512 weights")]
    [InlineData(6, "does not divide")]
    [InlineData(8, null)]
    [InlineData(2, "is not a multiple of lanes (4)")]
    public void MacLayer_For_RefusesColumnsTheDatapathCannotTake(int cols, string? message)
    {
        var spec = SpecFactory.Spec(4, 8, 32, SpecFactory.Laplace("w", 4, 2.0, 512));
        var gen = GenPipeline.Compute(spec, "t.yaml");

        if (message is null)
        {
            Assert.Equal(new MacLayer(64, 8, 4, 32), MacLayer.For(gen, cols, "t.yaml"));
            return;
        }
        var e = Assert.Throws<UserErrorException>(() => MacLayer.For(gen, cols, "t.yaml"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MacWriter_PutsTheLastYOneCycleAfterTheLastBeat_AndTheReferenceInYHex()
    {
        var spec = SpecFactory.Spec(4, 8, 32, SpecFactory.Laplace("w", 4, 2.0, 512));
        var gen = GenPipeline.Compute(spec, "t.yaml");
        var mac = MacLayer.For(gen, 16, "t.yaml");
        string dir = Directory.CreateTempSubdirectory("decoderhw-mac-").FullName;
        try
        {
            MacWriter.Write(gen, mac, 7, dir);

            var y = File.ReadAllLines(Path.Combine(dir, "y.hex")).Select(l => unchecked((int)Convert.ToUInt32(l, 16))).ToArray();
            Assert.Equal(mac.Reference(gen.Model.Layers[0].Levels, MacLayer.Activations(16, 7)), y);
            string vh = File.ReadAllText(Path.Combine(dir, "mac_params.vh"));
            Assert.Contains($"MacLastYCycle = {gen.Traces[0].OutputHandshakeCycles[^1] + 1};", vh);
            Assert.Contains("MacRows = 32;", vh);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
