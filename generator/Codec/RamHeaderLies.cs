using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>A copy of a tables: ram stream whose header lies, for the RTL's error test.</summary>
/// <param name="Name">layers, table_log, bits, counts_over or counts_under (file vectors/lie_NAME.hex).</param>
public sealed record HeaderLie(string Name, string What, EncodedStream Stream);

/// <summary>
/// The header lies issue 8 names, each written into a copy of a good tables: ram stream at the exact bits
/// of the field (docs/bitstream.md): more layers than max_layers, a table_log over the limit, bits over
/// max_bits, counts that overflow the table and counts that fall short of it. Every lie is checked here
/// against the reference decoder, which must reject it with <see cref="StreamErrorKind.BadHeader"/>; the
/// RTL must raise error_o on it (sim/test.sh).
/// </summary>
public static class RamHeaderLies
{
    public static IReadOnlyList<HeaderLie> For(ResolvedModel model, EncodedStream stream)
    {
        var limits = model.Spec.RamLimits ?? throw new InvalidOperationException("header lies need tables: ram");
        int lw = RamHeader.LayerCountBits(limits);
        long header = lw;                                       // layer 0's 39-bit header
        long bitsField = header + RamHeader.WeightCountBits;
        long tableLogField = bitsField + RamHeader.BitsFieldBits;
        long counts = header + RamHeader.LayerHeaderBits;       // layer 0's first count
        var layer = model.Layers[0];
        int countWidth = layer.TableLog + 1;

        var lies = new List<HeaderLie>();
        if ((1 << lw) > limits.MaxLayers)
            lies.Add(Lie(stream, "layers", $"NL = {1 << lw} > max_layers {limits.MaxLayers}", 0, lw, (1u << lw) - 1));
        if (limits.MaxTableLog + 1 < 1 << RamHeader.TableLogFieldBits)
            lies.Add(Lie(stream, "table_log", $"table_log {limits.MaxTableLog + 1} > max_table_log {limits.MaxTableLog}",
                tableLogField, RamHeader.TableLogFieldBits, (uint)limits.MaxTableLog + 1));
        if (limits.MaxBits + 1 - 2 < 1 << RamHeader.BitsFieldBits)
            lies.Add(Lie(stream, "bits", $"bits {limits.MaxBits + 1} > max_bits {limits.MaxBits}",
                bitsField, RamHeader.BitsFieldBits, (uint)limits.MaxBits - 1));
        if (layer.TableLog >= 1)
            lies.Add(Lie(stream, "counts_over", $"layer 0's first count {(1 << countWidth) - 1} overflows the table of {1 << layer.TableLog}",
                counts, countWidth, (1u << countWidth) - 1));
        var normalized = layer.Tables.NormalizedCounter;
        int s = Array.FindIndex(normalized, n => n > 0);
        lies.Add(Lie(stream, "counts_under", $"layer 0's count of symbol {s} is {normalized[s] - 1}, so the counts sum to {(1 << layer.TableLog) - 1}",
            counts + (long)s * countWidth, countWidth, (uint)normalized[s] - 1));

        foreach (var lie in lies)
        {
            try
            {
                RamTansStreamDecoder.Decode(limits, model.Lanes, model.InputWidth, lie.Stream.Bytes, lie.Stream.WordCount);
            }
            catch (StreamDecodeException e) when (e.Kind == StreamErrorKind.BadHeader)
            {
                continue;
            }
            throw new InvalidOperationException($"header lie '{lie.Name}' ({lie.What}) is not rejected as BadHeader by the reference decoder");
        }
        return lies;
    }

    private static HeaderLie Lie(EncodedStream stream, string name, string what, long bit, int width, uint value)
    {
        var bytes = (byte[])stream.Bytes.Clone();
        for (int i = 0; i < width; i++)
        {
            long b = bit + i;
            if (((value >> i) & 1) != 0) bytes[b >> 3] |= (byte)(1 << (int)(b & 7));
            else bytes[b >> 3] &= (byte)~(1 << (int)(b & 7));
        }
        return new HeaderLie(name, what, stream with { Bytes = bytes });
    }
}
