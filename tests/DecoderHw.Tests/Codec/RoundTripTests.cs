using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

public class RoundTripTests
{
    /// <summary>A random layer: bits, a skewed symbol distribution over 1..(2^bits-1) present symbols, a length.</summary>
    private static readonly Gen<(int Bits, int[] Levels)> LayerGen =
        from bits in Gen.Int[2, 8]
        from present in Gen.Int[1, (1 << bits) - 1]
        from length in Gen.OneOf(Gen.Int[1, 3], Gen.Int[1, 40], Gen.Int[1, 3000])
        from skew in Gen.Double[0.0, 4.0]
        from seed in Gen.Int
        select (bits, MakeLevels(bits, present, length, skew, seed));

    private static int[] MakeLevels(int bits, int present, int length, double skew, int seed) =>
        DecoderHw.Tests.Codec.SkewedLevels.Make(bits, present, length, skew, seed);

    [Fact]
    public void Codec_RoundTripsExactly_ForRandomModels()
    {
        var modelGen =
            from lanes in Gen.Int[1, 16]
            from tableLog in Gen.Int[5, 12]
            from inputWidth in Gen.Int[8, 256]
            from layers in LayerGen.Array[1, 4]
            select (lanes, tableLog, inputWidth, layers);

        modelGen.Sample(m =>
        {
            var model = SpecFactory.FromLevels(m.lanes, m.tableLog, m.inputWidth, m.layers);
            var stream = TansStreamEncoder.Encode(model);
            var decoded = TansStreamDecoder.Decode(model, stream.Bytes, stream.WordCount);
            for (int i = 0; i < model.Layers.Count; i++) Assert.Equal(model.Layers[i].Levels, decoded[i]);
        }, iter: 300);
    }

    [Fact]
    public void Codec_SingleSymbolLayer_CodesAtZeroBits()
    {
        var model = SpecFactory.FromLevels(4, 11, 32, (4, Enumerable.Repeat(-3, 1000).ToArray()));
        var stream = TansStreamEncoder.Encode(model);
        Assert.Equal(0, model.Layers[0].TableLog);
        Assert.Equal(0, stream.TotalBits);
        Assert.Equal(1, stream.WordCount);
        Assert.Equal(Enumerable.Repeat(-3, 1000), TansStreamDecoder.Decode(model, stream.Bytes, 1)[0]);
    }

    [Fact]
    public void Codec_DominantSymbol_CodesNearItsEntropy()
    {
        // p(0) = 0.999: entropy about 0.0114 bits; at table_log 12 the rare symbol holds one slot.
        var levels = new int[200_000];
        var rng = new Random(3);
        for (int i = 0; i < levels.Length; i++) levels[i] = rng.NextDouble() < 0.001 ? 1 : 0;
        var model = SpecFactory.FromLevels(1, 12, 32, (4, levels));
        var stream = TansStreamEncoder.Encode(model);
        double bitsPerWeight = (double)stream.CodedBits / levels.Length;
        double entropy = DecoderHw.Reports.Entropy.BitsPerSymbol(model.Layers[0].Counts);
        Assert.InRange(bitsPerWeight, entropy * 0.9, entropy * 1.3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void Codec_LaplaceAtTableLog11_WithinHalfPercentOfEntropy(int lanes)
    {
        var spec = SpecFactory.Spec(lanes, 11, 32, SpecFactory.Laplace("w", 4, 1.5, 300_000, 9));
        var model = SpecFactory.Resolve(spec);
        var stream = TansStreamEncoder.Encode(model);
        double entropy = DecoderHw.Reports.Entropy.BitsPerSymbol(model.Layers[0].Counts);
        double bitsPerWeight = (double)stream.CodedBits / model.WeightCount;
        Assert.InRange(bitsPerWeight / entropy, 1.0, 1.005);
    }

    [Fact]
    public void Codec_EveryLaneEndsInStateZero_SoTheFinalBitsAreZero()
    {
        var spec = SpecFactory.Spec(3, 6, 16, SpecFactory.Laplace("a", 3, 1.0, 50, 2), SpecFactory.Laplace("b", 5, 3.0, 7, 5));
        var model = SpecFactory.Resolve(spec);
        var stream = TansStreamEncoder.Encode(model);
        // Walks the stream with the tables alone (not the reference decoder, whose own state check this
        // would otherwise trust): each lane's last step must read only zero bits and land in state 0,
        // the weights must come back, and the stream must end exactly where the last layer does.
        var reader = new StreamBitReader(stream.Bytes, stream.WordCount, model.InputWidth);
        foreach (var layer in model.Layers)
        {
            int lanes = model.StreamLanes, active = layer.ActiveLanes(lanes);
            var states = new int[active];
            var lastBits = new uint[active];
            for (int lane = 0; lane < active; lane++) states[lane] = (int)reader.Read(layer.TableLog);
            for (int i = 0; i < layer.WeightCount; i++)
            {
                int lane = i % lanes;
                var entry = layer.Tables.Decode[states[lane]];
                Assert.Equal(layer.Levels[i], entry.Symbol - layer.MaxLevel);
                lastBits[lane] = reader.Read(entry.NbBits);
                states[lane] = entry.Baseline + (int)lastBits[lane];
            }
            Assert.All(states, state => Assert.Equal(0, state));
            Assert.All(lastBits, bits => Assert.Equal(0u, bits));
        }
        Assert.Equal(stream.TotalBits, reader.Position);
    }
}
