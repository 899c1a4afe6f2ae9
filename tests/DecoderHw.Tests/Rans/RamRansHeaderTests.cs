using DecoderHw.Codec;
using DecoderHw.Spec;

namespace DecoderHw.Tests.Rans;

/// <summary>Header lies of a coder: rans, tables: ram stream, each caught where the hardware sees it.</summary>
public class RamRansHeaderTests
{
    private static readonly RamLimits Limits = new(MaxTableLog: 9, MaxBits: 4, MaxLayers: 3, MaxWeights: 1000);

    private sealed class Fields
    {
        public List<(uint Value, int Width)> List { get; } = [];

        public Fields Layers(int count) { List.Add(((uint)count - 1, RamHeader.LayerCountBits(Limits))); return this; }

        public Fields Layer(int weights, int bits, int tableLog, int entries)
        {
            List.Add(((uint)weights - 1, 32));
            List.Add(((uint)(bits - 2), 3));
            List.Add(((uint)tableLog, 4));
            List.Add(((uint)entries - 1, bits));
            return this;
        }

        public Fields Entry(int bits, int tableLog, int symbol, int freq)
        {
            List.Add(((uint)symbol | ((uint)(freq - 1) << bits), bits + tableLog));
            return this;
        }
    }

    private static StreamDecodeException Decode(Fields fields)
    {
        var writer = new BitWriter();
        foreach (var (value, width) in fields.List) writer.Write(value, width);
        var bytes = writer.ToPaddedBytes(32);
        return Assert.Throws<StreamDecodeException>(() =>
            RansStreamDecoder.DecodeRam(Limits, 4, 1, 32, bytes, bytes.Length / 4));
    }

    [Fact]
    public void RamRans_FrequenciesThatDoNotSum_ThrowBadHeader()
    {
        var ex = Decode(new Fields().Layers(1).Layer(10, 2, 5, 2).Entry(2, 5, 1, 20).Entry(2, 5, 0, 10));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("sum to 30", ex.Message);
    }

    [Fact]
    public void RamRans_FrequenciesOverTheTable_ThrowBadHeaderAtTheEntry()
    {
        var ex = Decode(new Fields().Layers(1).Layer(10, 2, 5, 3).Entry(2, 5, 1, 20).Entry(2, 5, 0, 13).Entry(2, 5, 2, 1));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("at entry 1", ex.Message);
    }

    [Fact]
    public void RamRans_MoreEntriesThanLevels_ThrowBadHeader()
    {
        var ex = Decode(new Fields().Layers(1).Layer(10, 2, 5, 4));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("4 entries", ex.Message);
    }

    [Fact]
    public void RamRans_SymbolThatIsNoLevel_ThrowsBadHeader()
    {
        var ex = Decode(new Fields().Layers(1).Layer(10, 2, 5, 2).Entry(2, 5, 3, 16).Entry(2, 5, 0, 16));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("symbol 3 is no level", ex.Message);
    }

    [Theory]
    [InlineData(10, 5, 10, "bits 5 over max_bits 4")]
    [InlineData(10, 2, 10, "table_log 10 is not 0 or 5..9")]
    [InlineData(10, 2, 4, "table_log 4 is not 0 or 5..9")]
    [InlineData(1001, 2, 5, "1001 weights, max_weights is 1000")]
    public void RamRans_LayerFieldsOverTheLimits_ThrowBadHeader(int weights, int bits, int tableLog, string message)
    {
        var ex = Decode(new Fields().Layers(1).Layer(weights, bits, tableLog, 1));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void RamRans_MoreLayersThanMax_ThrowsBadHeader()
    {
        var ex = Decode(new Fields().Layers(4));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
    }

    /// <summary>A one-symbol layer is table_log 0: one entry with no frequency bits, no state, no weight bits.
    /// Claiming two entries there overflows the one-slot table at once.</summary>
    [Fact]
    public void RamRans_TwoEntriesAtTableLog0_ThrowBadHeader()
    {
        var ex = Decode(new Fields().Layers(1).Layer(10, 2, 0, 2).Entry(2, 0, 1, 1).Entry(2, 0, 0, 1));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("at entry 1", ex.Message);
    }

    [Fact]
    public void RamRans_OneSymbolLayer_DecodesFromItsHeaderAlone()
    {
        var writer = new BitWriter();
        foreach (var (value, width) in new Fields().Layers(1).Layer(5, 3, 0, 1).Entry(3, 0, 4, 1).List) writer.Write(value, width);
        var bytes = writer.ToPaddedBytes(32);
        var layers = RansStreamDecoder.DecodeRam(Limits, 4, 2, 32, bytes, bytes.Length / 4);
        Assert.Equal(Enumerable.Repeat(1, 5), layers[0].Levels);   // symbol 4 of a 3-bit layer is level 1
    }
}
