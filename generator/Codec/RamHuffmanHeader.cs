using DecoderHw.Huffman;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// The table header of a <c>coder: huffman, tables: ram</c> stream (docs/bitstream.md, "tables: ram (coder
/// huffman)"): per layer n-1 | bits-2 | max_length, then either every symbol's canonical code length in a
/// field of <see cref="LengthFieldBits"/>(max_length) bits, or, for a single-symbol layer (max_length 0),
/// that symbol in bits_k bits. The decoder rebuilds the canonical code from the lengths alone.
/// </summary>
public static class RamHuffmanHeader
{
    /// <summary>max_length 0..16 (<see cref="SpecLimits.MaxHuffmanMaxLength"/>).</summary>
    public const int MaxLengthFieldBits = 5;

    /// <summary>n-1 (32 bits), bits-2 (3 bits), max_length (5 bits): one field, read in one cycle.</summary>
    public const int LayerHeaderBits = RamHeader.WeightCountBits + RamHeader.BitsFieldBits + MaxLengthFieldBits;

    /// <summary>A code length 0..maxLength; at least 1 bit.</summary>
    public static int LengthFieldBits(int maxLength) => Math.Max(1, RamHeader.CeilLog2(maxLength + 1));

    /// <summary>Busy cycles of the code builder after the last length is read: one per length 1..LMAX (End,
    /// Base and the per-length write pointer, one length per cycle, the first in the cycle after the last
    /// length), then the symbol pass reads the length RAM for s = 0..symbols-1 and writes symbol s one
    /// cycle later (registered read).</summary>
    public static int BuildBusy(int limitLength, int symbols) => limitLength + symbols + 1;

    /// <summary>Writes layer <paramref name="layer"/>'s header (with NL-1 before layer 0) and returns the
    /// load steps the hardware takes for it.</summary>
    public static LoadStep[] Write(BitWriter writer, ResolvedModel model, ResolvedLayer layer, RamLimits limits)
    {
        var code = layer.Huffman ?? throw new InvalidOperationException($"layer {layer.Name} has no Huffman code");
        int limitLength = model.Spec.HuffmanMaxLength;
        int maxLength = code.MaxCodeLength;
        if (layer.Bits > limits.MaxBits || model.Layers.Count > limits.MaxLayers || layer.WeightCount > limits.WeightLimit || maxLength > limitLength)
            throw new Cli.UserErrorException(
                $"layer {layer.Name} (bits {layer.Bits}, {layer.WeightCount} weights, longest code {maxLength}) or the model's {model.Layers.Count} layers exceed ram_limits {limits} / huffman_max_length {limitLength}");
        var steps = RamHeader.WriteLayerStart(writer, model, layer, limits, maxLength, LayerHeaderBits);
        if (maxLength == 0)
        {
            writer.Write((uint)code.SortedSymbols[0], layer.Bits);
            steps.Add(new LoadStep(layer.Bits, 0));
            return [.. steps];
        }
        int width2 = LengthFieldBits(maxLength);
        var lengths = code.CodeLengths;
        for (int s = 0; s < lengths.Length; s++)
        {
            writer.Write((uint)lengths[s], width2);
            steps.Add(new LoadStep(width2, s == lengths.Length - 1 ? BuildBusy(limitLength, layer.SymbolCount) : 0));
        }
        return [.. steps];
    }

    /// <summary>Header bits of the alternative format issue 8 names, a count per length 1..max_length
    /// (bits_k + 1 bits each) followed by the present symbols in canonical order (bits_k bits each),
    /// measured against <see cref="Write"/>'s per-symbol lengths (BENCHMARKS.md, docs/bitstream.md).</summary>
    public static long CountListBits(LayerHuffmanCode code, int bits) =>
        code.MaxCodeLength == 0 ? bits : (long)code.MaxCodeLength * (bits + 1) + (long)code.SortedSymbols.Length * bits;

    /// <summary>Bits of the chosen format after the 40-bit layer header.</summary>
    public static long LengthListBits(LayerHuffmanCode code, int bits) =>
        code.MaxCodeLength == 0 ? bits : (long)code.CodeLengths.Length * LengthFieldBits(code.MaxCodeLength);
}
