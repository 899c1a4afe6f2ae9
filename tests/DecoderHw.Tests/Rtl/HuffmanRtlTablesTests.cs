using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Huffman;
using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Rtl;

public class HuffmanRtlTablesTests
{
    /// <summary>A 3-bit layer with four present levels and code lengths 1, 2, 3, 3, worked by hand.</summary>
    private static ResolvedModel HandModel()
    {
        // Symbols 0..6 are levels -3..3. Lengths: level 0 (symbol 3) 1 bit, level 1 (4) 2 bits,
        // level -1 (2) and level 2 (5) 3 bits. Canonical, in (length, symbol) order:
        //   symbol 3 -> 0, symbol 4 -> 10, symbol 2 -> 110, symbol 5 -> 111.
        var model = SpecFactory.FromLevels(1, 5, 8, (3, [0, 1, -1, 2, 0]));
        var layer = model.Layers[0] with { Huffman = LayerHuffmanCode.FromLengths([0, 0, 3, 1, 2, 3, 0]) };
        return new ResolvedModel(model.Spec with { Coder = CoderKind.Huffman }, [layer]);
    }

    [Fact]
    public void HuffmanRtlTables_EndsBasesAndRom_WhenLengths1233()
    {
        var tables = HuffmanRtlTables.From(HandModel());
        var layer = tables.Layers[0];
        // M = 3. End[l] = (FirstCode[l] + CountOfLength[l]) << (M - l): End[0] = 0 (every code has a
        // bit), End[1] = 1 << 2 = 4, End[2] = (2 + 1) << 1 = 6. A window v >= 6 is a 3-bit code.
        Assert.Equal(3, tables.CodeWidth);
        Assert.Equal([0L, 4, 6], layer.Ends);
        // Base[l] = OffsetOfLength[l] - FirstCode[l] mod 4 (four ROM entries, IndexWidth 2):
        // Base[1] = 0 - 0 = 0, Base[2] = 1 - 2 = -1 = 3, Base[3] = 2 - 6 = -4 = 0; Base[0] unused.
        Assert.Equal(2, tables.IndexWidth);
        Assert.Equal([0L, 0, 3, 0], layer.Bases);
        Assert.Equal(["4'h6", "4'h4", "4'h0"], layer.EndsDescending);
        // ROM: levels 0, 1, -1, 2 in 3-bit two's complement.
        Assert.Equal(["0", "1", "7", "2"], tables.SymbolWords);
        // Code 110 (level -1): the stream holds its first bit first, so the window is 0b011.
        Assert.Equal((3, 2L), tables.DecodeLane(layer, 0b011));
        // Code 10 followed by anything: window 0bx01.
        Assert.Equal((2, 1L), tables.DecodeLane(layer, 0b101));
    }

    [Fact]
    public void HuffmanRtlTables_SingleSymbolLayer_HasLengthZero()
    {
        var model = SpecFactory.FromLevels(2, 5, 8, (4, [3, 3, 3]), (2, [1, -1, 0, 1]));
        model = model with
        {
            Spec = model.Spec with { Coder = CoderKind.Huffman },
            Layers = model.Layers.Select(l => ModelResolver.WithHuffman(l, model.Spec.Layers[l.Index], 11)).ToList(),
        };
        var tables = HuffmanRtlTables.From(model);
        var single = tables.Layers[0];
        Assert.Equal(1L << tables.CodeWidth, single.Ends[0]);
        for (uint w = 0; w < 1u << tables.CodeWidth; w++)
            Assert.Equal((0, 0L), tables.DecodeLane(single, w));
        Assert.Equal("3", tables.SymbolWords[0]);
    }

    /// <summary>The prefix-code argument behind "fire when need &lt;= fill" (docs/architecture.md): with
    /// the bits beyond fill read as zeros, the lanes' chained lengths give the true need when the
    /// beat is complete, and a need above fill when it is not, for every fill.</summary>
    [Fact]
    public void HuffmanLanes_NeedExceedsFill_ExactlyWhenTheBeatIsCut()
    {
        var gen =
            from lanes in Gen.Int[1, 6]
            from n in Gen.Int[1, 40]
            from bits in Gen.Int[2, 8]
            from limit in Gen.Int[8, 12]
            from scale in Gen.Double[0.05, 20]
            select (lanes, n, bits, limit, scale);
        gen.Sample(g =>
        {
            var spec = SpecFactory.Spec(g.lanes, 8, 32, SpecFactory.Laplace("l0", g.bits, g.scale, g.n, 5))
                with { Coder = CoderKind.Huffman, HuffmanMaxLength = g.limit };
            var model = ModelResolver.Resolve(spec);
            var stream = HuffmanStreamCodec.Encode(model);
            var tables = HuffmanRtlTables.From(model);
            var layer = tables.Layers[0];
            var reader = new StreamBitReader(stream.Bytes, stream.WordCount, stream.InputWidth);
            long start = 0;
            for (int beat = 1; beat < stream.BeatNeedBits.Length; beat++)
            {
                int trueNeed = stream.BeatNeedBits[beat];
                int count = Math.Min(g.lanes, g.n - (beat - 1) * g.lanes);
                for (int fill = 0; fill <= trueNeed + tables.CodeWidth; fill++)
                {
                    long need = 0;
                    for (int j = 0; j < count; j++)
                    {
                        reader.Position = start + need;
                        long visible = Math.Max(0, fill - need);
                        uint window = reader.Peek(tables.CodeWidth) & (uint)((1L << (int)Math.Min(visible, tables.CodeWidth)) - 1);
                        need += tables.DecodeLane(layer, window).Length;
                    }
                    if (trueNeed <= fill) Assert.Equal(trueNeed, need);
                    else Assert.True(need > fill, $"beat {beat}: need {need} <= fill {fill} < true need {trueNeed}");
                }
                start += trueNeed;
            }
        }, iter: 100);
    }
}
