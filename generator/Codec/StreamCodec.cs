using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>The coder the spec names: encode and reference-decode. Every coder produces the same beat
/// structure (an INIT beat and ceil(n/lanes) decode beats per layer), so one cycle model serves all.</summary>
public static class StreamCodec
{
    /// <summary>The stream as the decoder takes it: the model tag word, then the coder's payload.</summary>
    public static EncodedStream Encode(ResolvedModel model) => ModelTag.Prepend(EncodePayload(model), ModelTag.Word(model));

    /// <summary>A stream with its model tag checked and removed: the coder's decoder reads the rest.</summary>
    public static int[][] Decode(ResolvedModel model, ReadOnlySpan<byte> stream, int words) =>
        DecodePayload(model, ModelTag.Strip(model, stream, words), words - 1);

    public static EncodedStream EncodePayload(ResolvedModel model) => model.Spec.Coder switch
    {
        CoderKind.Tans => TansStreamEncoder.Encode(model),
        CoderKind.Raw => RawStreamCodec.Encode(model),
        CoderKind.Huffman => HuffmanStreamCodec.Encode(model),
        _ => throw new NotSupportedException($"coder {model.Spec.Coder} has no encoder yet"),
    };

    public static int[][] DecodePayload(ResolvedModel model, ReadOnlySpan<byte> stream, int words) => model.Spec switch
    {
        { Tables: TableMode.Ram, Coder: CoderKind.Huffman, RamLimits: { } limits } =>
            RamHuffmanStreamDecoder.Decode(limits, model.Spec.HuffmanMaxLength, model.Lanes, model.InputWidth, stream, words).Select(l => l.Levels).ToArray(),
        { Tables: TableMode.Ram, Coder: CoderKind.Tans, RamLimits: { } limits } =>
            RamTansStreamDecoder.Decode(limits, model.Lanes, model.InputWidth, stream, words).Select(l => l.Levels).ToArray(),
        _ => DecodeRom(model, stream, words),
    };

    private static int[][] DecodeRom(ResolvedModel model, ReadOnlySpan<byte> stream, int words) => model.Spec.Coder switch
    {
        CoderKind.Tans => TansStreamDecoder.Decode(model, stream, words),
        CoderKind.Raw => RawStreamCodec.Decode(model, stream, words),
        CoderKind.Huffman => HuffmanStreamCodec.Decode(model, stream, words),
        _ => throw new NotSupportedException($"coder {model.Spec.Coder} has no decoder yet"),
    };
}
