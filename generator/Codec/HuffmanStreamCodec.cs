using DecoderHw.Huffman;
using DecoderHw.Model;

namespace DecoderHw.Codec;

/// <summary>
/// coder: huffman: each weight as its layer's canonical code, first code bit first in the LSB-first
/// stream (so the field written is the bit-reversed code); lanes interleaved as for tANS, and a layer's
/// INIT beat reads nothing. Codes are complete, so every bit pattern decodes: corruption shows as a
/// truncated stream or leftover bits, never as an unknown code.
/// </summary>
public static class HuffmanStreamCodec
{
    public static EncodedStream Encode(ResolvedModel model)
    {
        var writer = new BitWriter(1 << 16);
        var beatNeeds = new List<int>();
        var stats = new List<LayerStreamStats>();
        var limits = model.Spec.Tables == Spec.TableMode.Ram
            ? model.Spec.RamLimits ?? throw new InvalidOperationException("tables: ram without ram_limits")
            : null;
        var tableHeaders = new RamHeaderPlacement(model.Layers.Count, limits is not null);
        foreach (var layer in model.Layers)
        {
            var code = CodeOf(layer);
            tableHeaders.WriteBefore(layer.Index, writer, j => RamHuffmanHeader.Write(writer, model, model.Layers[j], limits!));
            long headerBits = tableHeaders.BitsOf(layer.Index);
            beatNeeds.Add(0);
            long start = writer.BitCount;
            for (int first = 0; first < layer.WeightCount; first += model.Lanes)
            {
                int end = Math.Min(layer.WeightCount, first + model.Lanes), need = 0;
                for (int i = first; i < end; i++)
                {
                    int s = layer.Levels[i] + layer.MaxLevel, length = code.CodeLengths[s];
                    writer.Write(LayerHuffmanCode.BitReverse((uint)code.Codes[s], length), length);
                    need += length;
                }
                beatNeeds.Add(need);
            }
            stats.Add(new LayerStreamStats(headerBits, writer.BitCount - start));
        }
        return new EncodedStream(writer.ToPaddedBytes(model.InputWidth), writer.BitCount, model.InputWidth, [.. beatNeeds], stats)
        {
            LayerLoadSteps = tableHeaders.Steps,
        };
    }

    public static int[][] Decode(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        var reader = new StreamBitReader(stream, words, model.InputWidth);
        var result = new int[model.Layers.Count][];
        foreach (var layer in model.Layers)
            result[layer.Index] = DecodeLayer(reader, CodeOf(layer), layer.WeightCount, model.Lanes, layer.Index, layer.MaxLevel);
        reader.CheckEnd(model.Layers.Count - 1);
        return result;
    }

    /// <summary>One layer's beats: <paramref name="count"/> weights, up to <paramref name="lanes"/> per beat.</summary>
    internal static int[] DecodeLayer(StreamBitReader reader, LayerHuffmanCode code, int count, int lanes, int layerIndex, int maxLevel)
    {
        int maxLength = code.MaxCodeLength;
        var levels = new int[count];
        var symbols = new (int Symbol, int Length)[Math.Min(lanes, count)];
        for (int first = 0; first < levels.Length; first += lanes)
        {
            int end = Math.Min(levels.Length, first + lanes);
            // As in hardware: the whole beat must be in the stream before any lane takes its code.
            long start = reader.Position;
            for (int i = first; i < end; i++)
            {
                var decoded = code.DecodeFirstBitFirst(reader.Peek(maxLength));
                reader.Skip(decoded.Length);
                symbols[i - first] = decoded;
            }
            long need = reader.Position - start;
            if (start + need > reader.AvailableBits)
                throw new StreamDecodeException(StreamErrorKind.Truncated, start, layerIndex, $"needs {need} bits, {reader.AvailableBits - start} left");
            for (int i = first; i < end; i++) levels[i] = symbols[i - first].Symbol - maxLevel;
        }
        return levels;
    }

    private static LayerHuffmanCode CodeOf(ResolvedLayer layer) =>
        layer.Huffman ?? throw new InvalidOperationException($"layer {layer.Name} has no Huffman code");
}
