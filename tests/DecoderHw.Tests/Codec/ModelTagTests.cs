using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

/// <summary>The model tag (docs/bitstream.md, "Model tag"): a stream names the decoder it was made for,
/// and every decoder refuses another model's stream before its first weight.</summary>
public sealed class ModelTagTests
{
    public static TheoryData<CoderKind, TableMode, int> Variants => new()
    {
        { CoderKind.Tans, TableMode.Rom, 1 },
        { CoderKind.Tans, TableMode.Rom, 2 },
        { CoderKind.Huffman, TableMode.Rom, 1 },
        { CoderKind.Raw, TableMode.Rom, 1 },
        { CoderKind.Tans, TableMode.Ram, 1 },
        { CoderKind.Huffman, TableMode.Ram, 1 },
    };

    private static ResolvedModel Model(CoderKind coder, TableMode tables, int statesPerLane, int count, int maxWeights, int inputWidth = 32) =>
        ModelResolver.Resolve(SpecFactory.Spec(2, 9, inputWidth,
            SpecFactory.Laplace("a", 4, 2.0, count, seed: 3),
            SpecFactory.Laplace("b", 3, 1.0, 50, seed: 4)) with
        {
            Coder = coder, Tables = tables, StatesPerLane = statesPerLane,
            RamLimits = tables == TableMode.Ram ? new RamLimits(11, 6, 4, maxWeights) : null,
        });

    [Theory]
    [MemberData(nameof(Variants))]
    public void StreamOfModelA_IsRefusedAsWrongModel_ByTheDecoderOfModelB(CoderKind coder, TableMode tables, int statesPerLane)
    {
        // rom: another model (one weight more in a layer); ram: a decoder built for other limits.
        var a = Model(coder, tables, statesPerLane, 300, 1000);
        var b = Model(coder, tables, statesPerLane, 301, 1001);
        var stream = StreamCodec.Encode(a);

        var e = Assert.Throws<StreamDecodeException>(() => StreamCodec.Decode(b, stream.Bytes, stream.WordCount));

        Assert.Equal(StreamErrorKind.WrongModel, e.Kind);
        Assert.True(e.BitPosition < a.InputWidth, "refused inside the first word, before any weight");
        Assert.Equal(a.Layers.Select(l => l.Levels), StreamCodec.Decode(a, stream.Bytes, stream.WordCount));
    }

    [Fact]
    public void TablesRam_TwoModelsWithinTheSameLimits_CarryTheSameTag()
    {
        // The ram decoder is built for its limits: any model within them is its model.
        var a = Model(CoderKind.Tans, TableMode.Ram, 1, 300, 1000);
        var b = Model(CoderKind.Tans, TableMode.Ram, 1, 301, 1000);

        Assert.Equal(ModelTag.Word(a), ModelTag.Word(b));
        var stream = StreamCodec.Encode(b);
        Assert.Equal(b.Layers.Select(l => l.Levels), StreamCodec.Decode(a, stream.Bytes, stream.WordCount));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(256)]
    public void Tag_IsTheFirstWord_AndEveryFlipInItIsWrongModel(int inputWidth)
    {
        var model = Model(CoderKind.Tans, TableMode.Rom, 1, 300, 1000, inputWidth);
        var stream = StreamCodec.Encode(model);
        var payload = StreamCodec.EncodePayload(model);

        Assert.Equal(inputWidth, stream.TagBits);
        Assert.Equal(payload.WordCount + 1, stream.WordCount);
        Assert.Equal(ModelTag.Hex(ModelTag.Word(model), inputWidth), stream.WordHex(0));
        for (int w = 0; w < payload.WordCount; w++) Assert.Equal(payload.WordHex(w), stream.WordHex(w + 1));
        for (int bit = 0; bit < inputWidth; bit++)
        {
            var bytes = (byte[])stream.Bytes.Clone();
            bytes[bit >> 3] ^= (byte)(1 << (bit & 7));
            var e = Assert.Throws<StreamDecodeException>(() => StreamCodec.Decode(model, bytes, stream.WordCount));
            Assert.Equal(StreamErrorKind.WrongModel, e.Kind);
        }
    }

    [Fact]
    public void Tag_CostsOneWord_AndOneCycleWithoutStalls()
    {
        var model = Model(CoderKind.Tans, TableMode.Rom, 1, 300, 1000);
        var tagged = CycleModel.Run(model, StreamCodec.Encode(model), StallScenario.Free);
        var bare = CycleModel.Run(model, StreamCodec.EncodePayload(model), StallScenario.Free);

        Assert.Equal(bare.DoneCycle + 1, tagged.DoneCycle);
        Assert.Equal(bare.OutputHandshakeCycles.Select(c => c + 1), tagged.OutputHandshakeCycles);
    }
}
