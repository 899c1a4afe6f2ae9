using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Spec;
using DecoderHw.Tests.Support;
using Xunit.Abstractions;

namespace DecoderHw.Tests.Codec;

/// <summary>coder: huffman, tables: ram: the stream carries each layer's canonical code lengths.</summary>
public sealed class RamHuffmanTests(ITestOutputHelper output)
{
    private static readonly RamLimits Limits = new(MaxTableLog: 11, MaxBits: 6, MaxLayers: 5, MaxWeights: 3000);
    private const int LimitLength = 11;

    private static ResolvedModel HuffmanRamModel(int lanes, int inputWidth, int maxLength, RamLimits limits, params LayerSpec[] layers) =>
        ModelResolver.Resolve(SpecFactory.Spec(lanes, 9, inputWidth, layers) with
        {
            Coder = CoderKind.Huffman, HuffmanMaxLength = maxLength, Tables = TableMode.Ram, RamLimits = limits,
        });

    private static IReadOnlyList<DecodedHuffmanLayer> RoundTrip(ResolvedModel model)
    {
        var stream = HuffmanStreamCodec.Encode(model);
        var decoded = RamHuffmanStreamDecoder.Decode(model.Spec.RamLimits!, model.Spec.HuffmanMaxLength, model.Lanes, model.InputWidth, stream.Bytes, stream.WordCount);
        Assert.Equal(model.Layers.Count, decoded.Count);
        for (int i = 0; i < decoded.Count; i++)
        {
            Assert.Equal(model.Layers[i].Bits, decoded[i].Bits);
            Assert.Equal(model.Layers[i].Huffman!.CodeLengths, decoded[i].Code.CodeLengths);
            Assert.Equal(model.Layers[i].Levels, decoded[i].Levels);
        }
        return decoded;
    }

    [Fact]
    public void RamHuffmanDecoder_RoundTripsFromTheStreamAlone_ForRandomModels()
    {
        var layer =
            from kind in Gen.Int[0, 3]
            from count in Gen.Int[1, 600]
            from bits in Gen.Int[2, 6]
            from scale in Gen.Double[0.1, 20]
            from seed in Gen.ULong
            select (kind, count, bits, scale, seed);
        var gen =
            from lanes in Gen.Int[1, 8]
            from inputWidth in Gen.Int[8, 64]
            from maxLength in Gen.Int[6, 16]
            from layers in layer.Array[1, 5]
            select (lanes, inputWidth, maxLength, layers);
        gen.Sample(g =>
        {
            var specs = g.layers.Select((l, i) => l.kind switch
            {
                0 => SpecFactory.Frequencies($"l{i}", l.bits, OneLevel(l.bits, (int)(l.seed % (ulong)((1 << l.bits) - 1))), l.count, l.seed),
                1 => SpecFactory.Frequencies($"l{i}", l.bits, Geometric(l.bits), l.count, l.seed),
                _ => SpecFactory.Laplace($"l{i}", l.bits, l.scale, l.count, l.seed),
            }).ToArray();
            var limits = Limits with { MaxWeights = 600 };
            RoundTrip(HuffmanRamModel(g.lanes, g.inputWidth, Math.Max(g.maxLength, 6), limits, specs));
        }, iter: 150);
    }

    private static long[] OneLevel(int bits, int symbol)
    {
        var f = new long[(1 << bits) - 1];
        f[symbol] = 1;
        return f;
    }

    /// <summary>Counts 1, 2, 4, ...: unlimited Huffman would give the rarest symbols codes as long as the alphabet.</summary>
    private static long[] Geometric(int bits) => Enumerable.Range(0, (1 << bits) - 1).Select(i => 1L << i).ToArray();

    [Fact]
    public void RamHuffmanDecoder_RoundTrips_WhenLayersAreSingleSymbolOneWeightAndAtTheLengthLimit()
    {
        var model = HuffmanRamModel(4, 32, 8, Limits,
            SpecFactory.Frequencies("single", 4, OneLevel(4, 14), 37, 1),
            SpecFactory.Laplace("one", 6, 5.0, 1, 2),
            SpecFactory.Frequencies("skewed", 5, Geometric(5), 3000, 3),
            SpecFactory.Frequencies("ternary", 2, [150, 700, 150], 5, 4));
        var decoded = RoundTrip(model);
        Assert.Equal(0, decoded[0].Code.MaxCodeLength);
        Assert.Equal(0, decoded[1].Code.MaxCodeLength);
        Assert.Equal(8, decoded[2].Code.MaxCodeLength);            // 31 symbols, cut to the limit
        Assert.Equal(14 - 7, decoded[0].Levels.Distinct().Single());
    }

    /// <summary>A 2-bit layer with counts {-1: 1, 0: 2, 1: 1}: lengths {2, 1, 2}, canonical codes 0 -> "0",
    /// -1 -> "10", 1 -> "11". Stream: NL-1 (3 bits for max_layers 5), the 40-bit header, 3 lengths of 2 bits.</summary>
    [Fact]
    public void RamHuffmanHeader_IsTheLengthsOfEverySymbol_ForAHandWorkedTernaryLayer()
    {
        var model = HuffmanRamModel(1, 32, LimitLength, Limits, SpecFactory.Frequencies("t", 2, [1, 2, 1], 4, 1));
        Assert.Equal([2, 1, 2], model.Layers[0].Huffman!.CodeLengths);
        var stream = HuffmanStreamCodec.Encode(model);
        Assert.Equal(3 + 40 + 3 * 2, stream.HeaderBits);
        // n-1 = 3, bits-2 = 0, max_length = 2 at bit 3; lengths 2, 1, 2 at bit 43.
        Assert.Equal(3u, Field(stream.Bytes, 3, 32));
        Assert.Equal(0u, Field(stream.Bytes, 35, 3));
        Assert.Equal(2u, Field(stream.Bytes, 38, 5));
        Assert.Equal([2u, 1u, 2u], [Field(stream.Bytes, 43, 2), Field(stream.Bytes, 45, 2), Field(stream.Bytes, 47, 2)]);
    }

    private static uint Field(byte[] bytes, int bit, int width)
    {
        uint value = 0;
        for (int i = 0; i < width; i++) value |= (uint)((bytes[(bit + i) >> 3] >> ((bit + i) & 7)) & 1) << i;
        return value;
    }

    /// <summary>Writes a header field by field and expects the decoder to reject it with <paramref name="kind"/>.</summary>
    private static StreamDecodeException Reject(StreamErrorKind kind, params (uint Value, int Width)[] fields)
    {
        var writer = new BitWriter();
        foreach (var (value, width) in fields) writer.Write(value, width);
        var bytes = writer.ToPaddedBytes(32);
        var ex = Assert.Throws<StreamDecodeException>(() => RamHuffmanStreamDecoder.Decode(Limits, LimitLength, 1, 32, bytes, bytes.Length / 4));
        Assert.Equal(kind, ex.Kind);
        return ex;
    }

    private static (uint, int) Layers(int n) => ((uint)n - 1, 3);
    private static (uint, int)[] Header(long weights, int bits, int maxLength) =>
        [((uint)(weights - 1), 32), ((uint)bits - 2, 3), ((uint)maxLength, 5)];
    private static (uint, int)[] Lengths(int maxLength, params int[] lengths) =>
        lengths.Select(l => ((uint)l, RamHuffmanHeader.LengthFieldBits(maxLength))).ToArray();

    [Fact]
    public void RamHuffmanDecoder_MoreLayersThanMax_ThrowsBadHeader() =>
        Assert.Contains("max_layers", Reject(StreamErrorKind.BadHeader, Layers(6)).Message);

    [Fact]
    public void RamHuffmanDecoder_BitsOverLimit_ThrowsBadHeader() =>
        Assert.Contains("max_bits", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(10, 7, 3)]).Message);

    [Fact]
    public void RamHuffmanDecoder_MaxLengthOverLimit_ThrowsBadHeader() =>
        Assert.Contains("huffman_max_length", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(10, 2, LimitLength + 1)]).Message);

    [Fact]
    public void RamHuffmanDecoder_MoreWeightsThanMaxWeights_ThrowsBadHeader() =>
        Assert.Contains("max_weights", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(3001, 2, 2), .. Lengths(2, 2, 1, 2)]).Message);

    [Fact]
    public void RamHuffmanDecoder_LengthOverTheLayersMaxLength_ThrowsBadHeader() =>
        Assert.Contains("over the layer's max length", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(10, 2, 2), .. Lengths(2, 3, 1, 2)]).Message);

    [Fact]
    public void RamHuffmanDecoder_OverFullLengths_ThrowBadHeaderAtTheOverflowingSymbol() =>
        Assert.Contains("over-full", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(10, 2, 2), .. Lengths(2, 1, 1, 2)]).Message);

    [Theory]
    [InlineData(2, 2, 2)]     // 3/4: 2, 2, 1 would be complete
    [InlineData(0, 0, 0)]     // no code at all
    [InlineData(1, 0, 0)]     // one 1-bit code: half the code space is unused
    public void RamHuffmanDecoder_IncompleteLengths_ThrowBadHeader(int a, int b, int c)
    {
        Assert.Contains("incomplete", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(10, 2, 2), .. Lengths(2, a, b, c)]).Message);
    }

    [Fact]
    public void RamHuffmanDecoder_SingleSymbolThatIsNoLevel_ThrowsBadHeader() =>
        Assert.Contains("no level", Reject(StreamErrorKind.BadHeader, [Layers(1), .. Header(10, 2, 0), (3u, 2)]).Message);

    [Fact]
    public void RamHuffmanDecoder_HeaderCutShort_ThrowsTruncated()
    {
        var writer = new BitWriter();
        writer.Write(0, 3);
        var bytes = writer.ToPaddedBytes(32);
        var ex = Assert.Throws<StreamDecodeException>(() => RamHuffmanStreamDecoder.Decode(Limits, LimitLength, 1, 32, bytes, 1));
        Assert.Equal(StreamErrorKind.Truncated, ex.Kind);
    }

    private static readonly RamLimits RtlLimits = new(MaxTableLog: 11, MaxBits: 8, MaxLayers: 6, MaxWeights: 5000);

    private static ResolvedModel NamedModel(string name, params LayerSpec[] layers) =>
        ModelResolver.Resolve(SpecFactory.Spec(4, 9, 32, layers) with
        {
            Name = name, Coder = CoderKind.Huffman, HuffmanMaxLength = LimitLength, Tables = TableMode.Ram, RamLimits = RtlLimits,
        });

    private static readonly ResolvedModel ModelA = NamedModel("h_a",
        SpecFactory.Laplace("a0", 8, 12.0, 900, 1), SpecFactory.Laplace("a1", 4, 1.5, 3000, 2));

    private static readonly ResolvedModel ModelB = NamedModel("h_b",
        SpecFactory.Frequencies("b0", 3, [0, 1, 1998, 1, 0, 0, 0], 2000, 3),
        SpecFactory.Laplace("b1", 7, 6.0, 1, 4),
        SpecFactory.Frequencies("b2", 5, Geometric(5), 777, 5));

    [Fact]
    public void HuffmanRamRtl_IsTheSameDecoder_ForTwoModelsWithinTheSameLimits()
    {
        var a = RtlModel.From(ModelA, "a.yaml", "v");
        var b = RtlModel.From(ModelB, "b.yaml", "v");
        Assert.IsType<HuffmanRamRtl>(a.Variant);
        Assert.Equal(7, a.Variant.Modules.Count);
        foreach (var template in a.Variant.Modules.Select(m => m.Template))
        {
            string ra = RtlWriter.Render(template, a).Replace("h_a_", "NAME_").Replace("a.yaml", "SPEC");
            string rb = RtlWriter.Render(template, b).Replace("h_b_", "NAME_").Replace("b.yaml", "SPEC");
            Assert.Equal(ra, rb);
        }
        Assert.Equal((LimitLength, 8, Math.Max(4 * LimitLength, 40)), (((HuffmanRamRtl)a.Variant).Huffman.CodeWidth, ((HuffmanRamRtl)a.Variant).Huffman.IndexWidth, a.BitsPerCycle));
    }

    [Fact]
    public void RamHeaderLies_AreAllRejectedAsBadHeader_ForAHuffmanModel()
    {
        var lies = RamHeaderLies.For(ModelA, HuffmanStreamCodec.Encode(ModelA));
        Assert.Equal(["layers", "bits", "weights", "max_length", "length", "kraft_over", "kraft_under"], lies.Select(l => l.Name));
        foreach (var lie in lies)
        {
            var ex = Assert.Throws<StreamDecodeException>(() =>
                RamHuffmanStreamDecoder.Decode(RtlLimits, LimitLength, 4, 32, lie.Stream.Bytes, lie.Stream.WordCount));
            Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        }
    }

    [Fact]
    public void RamHeaderLies_LieAboutTheSingleSymbol_WhenLayerZeroHasOne()
    {
        var model = NamedModel("h_c", SpecFactory.Frequencies("c0", 3, OneLevel(3, 2), 50, 1), SpecFactory.Laplace("c1", 4, 1.5, 30, 2));
        var lies = RamHeaderLies.For(model, HuffmanStreamCodec.Encode(model));
        Assert.Contains(lies, l => l.Name == "single_symbol");
        Assert.DoesNotContain(lies, l => l.Name.StartsWith("kraft", StringComparison.Ordinal));
    }

    /// <summary>Headers one layer ahead, the code builder beside the decoder (docs/architecture.md): the
    /// stream's first LOAD reads layer 0's lengths, waits for its build, reads layer 1's (a single symbol),
    /// and layer 0 decodes; the switch to layer 1 reads layer 2's lengths, whose build runs while layer 1's
    /// one weight decodes, so INIT(2) waits the rest of it.</summary>
    [Fact]
    public void CycleModel_HuffmanTableLoadCycles_AreTheFieldsAndTheBuildsNotHidden()
    {
        var stream = HuffmanStreamCodec.Encode(ModelB);
        var trace = CycleModel.Run(ModelB, stream, StallScenario.Free);
        // Layer 0 (3 bits): NL, header, 7 lengths.
        Assert.Equal(1 + 1 + 7, trace.LoadCyclesOfLayer[0]);
        // Layer 1 (one weight, one present symbol): waits for layer 0's build (LMAX + 7 + 1), header, the symbol.
        Assert.Equal(RamHuffmanHeader.BuildBusy(LimitLength, 7) + 1 + 1, trace.LoadCyclesOfLayer[1]);
        // Layer 2 (5 bits): header and 31 lengths at the switch to layer 1, then its build less INIT(1) and
        // layer 1's one beat.
        Assert.Equal(1 + 31 + RamHuffmanHeader.BuildBusy(LimitLength, 31) - 2, trace.LoadCyclesOfLayer[2]);
        Assert.Equal(LimitLength + 31 + 1, stream.LayerLoadSteps[2][^1].Busy);
    }

    /// <summary>Issue 8 asks to choose between per-symbol lengths and a count per length plus the symbols in
    /// canonical order: on the example models the per-symbol lengths are the smaller header.</summary>
    [Fact]
    public void RamHuffmanHeader_PerSymbolLengths_AreSmallerThanCountsAndSymbolOrder_OnTheExamples()
    {
        long lengths = 0, countList = 0;
        foreach (var name in new[] { "decoder_huffman", "decoder_huffman_ram", "decoder_huffman_ram_b" })
        {
            var model = ModelResolver.Resolve(SpecLoader.Load(Path.Combine(SpecTestFiles.ExamplesDirectory, name + ".yaml")));
            long a = model.Layers.Sum(l => RamHuffmanHeader.LengthListBits(l.Huffman!, l.Bits));
            long b = model.Layers.Sum(l => RamHuffmanHeader.CountListBits(l.Huffman!, l.Bits));
            output.WriteLine($"{name}: per-symbol lengths {a} bits, count per length + symbol order {b} bits (plus 40 per layer either way)");
            lengths += a;
            countList += b;
        }
        Assert.True(lengths < countList, $"per-symbol lengths {lengths} bits, count list {countList} bits");
    }

    [Fact]
    public void RamTansDecoder_MoreWeightsThanMaxWeights_ThrowsBadHeader()
    {
        var model = ModelResolver.Resolve(SpecFactory.Spec(2, 9, 32, SpecFactory.Laplace("a", 4, 1.0, 100, 1)) with
        {
            Tables = TableMode.Ram, RamLimits = new RamLimits(9, 4, 1, 100),
        });
        var stream = TansStreamEncoder.Encode(model);
        var lie = RamHeaderLies.For(model, stream).Single(l => l.Name == "weights");
        var ex = Assert.Throws<StreamDecodeException>(() => RamTansStreamDecoder.Decode(model.Spec.RamLimits!, 2, 32, lie.Stream.Bytes, lie.Stream.WordCount));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("101 weights, max_weights is 100", ex.Message);
    }
}
