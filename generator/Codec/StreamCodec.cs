using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>The coder the spec names: encode and reference-decode. Every coder produces the same beat
/// structure (an INIT beat and ceil(n/lanes) decode beats per layer), so one cycle model serves all.
/// tANS with ROM tables goes through the production codec (<see cref="FastTansEncoder"/>,
/// <see cref="FastTansDecoder"/>), which the tests hold byte- and error-exact to the readable reference
/// (<see cref="TansStreamEncoder"/>, <see cref="TansStreamDecoder"/>).</summary>
public static class StreamCodec
{
    /// <summary>The stream as the decoder takes it: the model tag word, then the coder's payload.</summary>
    public static EncodedStream Encode(ResolvedModel model) => ModelTag.Prepend(EncodePayload(model), ModelTag.Word(model));

    /// <summary>A stream with its model tag checked and removed: the coder's decoder reads the rest.</summary>
    public static int[][] Decode(ResolvedModel model, ReadOnlySpan<byte> stream, int words) =>
        DecodePayload(model, ModelTag.Strip(model, stream, words), words - 1);

    public static EncodedStream EncodePayload(ResolvedModel model) => model.Spec.Coder switch
    {
        CoderKind.Tans when FastTansDecoder.Supports(model.Spec) => FastTansEncoder.EncodeModel(model),
        CoderKind.Tans => TansStreamEncoder.Encode(model),
        CoderKind.Raw => RawStreamCodec.Encode(model),
        CoderKind.Huffman => HuffmanStreamCodec.Encode(model),
        CoderKind.Rans => RansStreamEncoder.Encode(model),
        _ => throw new NotSupportedException($"coder {model.Spec.Coder} has no encoder yet"),
    };

    public static int[][] DecodePayload(ResolvedModel model, ReadOnlySpan<byte> stream, int words) => model.Spec switch
    {
        { Tables: TableMode.Ram, Coder: CoderKind.Huffman, RamLimits: { } limits } =>
            RamHuffmanStreamDecoder.Decode(limits, model.Spec.HuffmanMaxLength, model.Lanes, model.InputWidth, stream, words).Select(l => l.Levels).ToArray(),
        { Tables: TableMode.Ram, Coder: CoderKind.Rans, RamLimits: { } limits } =>
            RansStreamDecoder.DecodeRam(limits, model.Spec.RansStateBits, model.StreamLanes, model.InputWidth, stream, words).Select(l => l.Levels).ToArray(),
        { Tables: TableMode.Ram, Coder: CoderKind.Tans, RamLimits: { } limits } =>
            RamTansStreamDecoder.Decode(limits, model.Lanes, model.InputWidth, stream, words, model.Spec.RamBanks).Select(l => l.Levels).ToArray(),
        _ => DecodeRom(model, stream, words),
    };

    /// <summary>Decodes and keeps nothing: throws <see cref="StreamDecodeException"/> exactly when
    /// <see cref="Decode"/> would (the corruption oracle's question, asked once per seeded flip).</summary>
    public static void Check(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        if (FastTansDecoder.Supports(model.Spec))
            DecodeLevels(model, stream, words, new sbyte[model.WeightCount]);
        else
            Decode(model, stream, words);
    }

    /// <summary>tANS with ROM tables: the tagged stream's levels, all layers in order, by the production decoder.</summary>
    public static void DecodeLevels(ResolvedModel model, ReadOnlySpan<byte> stream, int words, Span<sbyte> levels) =>
        new FastTansDecoder(model).Decode(ModelTag.Strip(model, stream, words), words - 1, levels);

    private static int[][] DecodeRom(ResolvedModel model, ReadOnlySpan<byte> stream, int words) => model.Spec.Coder switch
    {
        CoderKind.Tans => DecodeFast(model, stream, words),
        CoderKind.Raw => RawStreamCodec.Decode(model, stream, words),
        CoderKind.Huffman => HuffmanStreamCodec.Decode(model, stream, words),
        CoderKind.Rans => RansStreamDecoder.Decode(model, stream, words),
        _ => throw new NotSupportedException($"coder {model.Spec.Coder} has no decoder yet"),
    };

    /// <summary>The fast decoder's levels, split per layer as the other decoders return them.</summary>
    private static int[][] DecodeFast(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        var levels = new sbyte[model.WeightCount];
        new FastTansDecoder(model).Decode(stream, words, levels);
        var result = new int[model.Layers.Count][];
        long at = 0;
        foreach (var layer in model.Layers)
        {
            var layerLevels = new int[layer.WeightCount];
            for (int i = 0; i < layerLevels.Length; i++) layerLevels[i] = levels[at + i];
            result[layer.Index] = layerLevels;
            at += layer.WeightCount;
        }
        return result;
    }
}
