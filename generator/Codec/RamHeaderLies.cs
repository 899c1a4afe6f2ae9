using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>A copy of a tables: ram stream whose header lies, for the RTL's error test.</summary>
/// <param name="Name">The field that lies (file vectors/lie_NAME.bin).</param>
public sealed record HeaderLie(string Name, string What, EncodedStream Stream);

/// <summary>
/// The header lies issue 8 names, each written into a copy of a good tables: ram stream at the exact bits
/// of one field of layer 0 (docs/bitstream.md). Both coders: more layers than max_layers, bits over
/// max_bits, more weights than max_weights. rans: see RansLies. tans: a table_log over the limit, counts that overflow the
/// table and counts that fall short of it. huffman: a max code length over huffman_max_length, a code
/// length over the layer's max length, lengths whose Kraft sum is over 1 (over-full) or under 1
/// (incomplete), a single symbol that is no level. A lie that the field's width cannot express for this
/// model is left out. Every lie is checked here against the reference decoder, which must reject it with
/// <see cref="StreamErrorKind.BadHeader"/>; the RTL must raise error_o on it (sim/test.sh).
/// </summary>
public static class RamHeaderLies
{
    public static IReadOnlyList<HeaderLie> For(ResolvedModel model, EncodedStream stream)
    {
        var limits = model.Spec.RamLimits ?? throw new InvalidOperationException("header lies need tables: ram");
        int lw = RamHeader.LayerCountBits(limits);
        long header = lw;                                       // layer 0's header
        long bitsField = header + RamHeader.WeightCountBits;
        long lastField = bitsField + RamHeader.BitsFieldBits;   // table_log (tans) or max_length (huffman)

        var lies = new List<HeaderLie>();
        if ((1 << lw) > limits.MaxLayers)
            lies.Add(Lie(stream, "layers", $"NL = {1 << lw} > max_layers {limits.MaxLayers}", 0, lw, (1u << lw) - 1));
        if (limits.MaxBits + 1 - 2 < 1 << RamHeader.BitsFieldBits)
            lies.Add(Lie(stream, "bits", $"bits {limits.MaxBits + 1} > max_bits {limits.MaxBits}",
                bitsField, RamHeader.BitsFieldBits, (uint)limits.MaxBits - 1));
        lies.Add(Lie(stream, "weights", $"n = {(long)limits.WeightLimit + 1} > max_weights {limits.WeightLimit}",
            header, RamHeader.WeightCountBits, (uint)limits.WeightLimit));
        lies.AddRange(model.Spec.Coder switch
        {
            CoderKind.Huffman => HuffmanLies(model, stream, lastField),
            CoderKind.Rans => RansLies(model, stream, limits, lastField),
            _ => TansLies(model, stream, limits, lastField),
        });

        foreach (var lie in lies)
        {
            try
            {
                if (lie.Stream.TagBits > 0) StreamCodec.Decode(model, lie.Stream.Bytes, lie.Stream.WordCount);
                else StreamCodec.DecodePayload(model, lie.Stream.Bytes, lie.Stream.WordCount);
            }
            catch (StreamDecodeException e) when (e.Kind == StreamErrorKind.BadHeader)
            {
                continue;
            }
            throw new InvalidOperationException($"header lie '{lie.Name}' ({lie.What}) is not rejected as BadHeader by the reference decoder");
        }
        return lies;
    }

    private static IEnumerable<HeaderLie> TansLies(ResolvedModel model, EncodedStream stream, RamLimits limits, long tableLogField)
    {
        long counts = tableLogField + RamHeader.TableLogFieldBits;   // layer 0's first count
        var layer = model.Layers[0];
        int countWidth = RamHeader.CountBits(layer.TableLog);
        if (limits.MaxTableLog + 1 < 1 << RamHeader.TableLogFieldBits)
            yield return Lie(stream, "table_log", $"table_log {limits.MaxTableLog + 1} > max_table_log {limits.MaxTableLog}",
                tableLogField, RamHeader.TableLogFieldBits, (uint)limits.MaxTableLog + 1);
        if (layer.TableLog >= 1)
            yield return Lie(stream, "counts_over", $"layer 0's first count {(1 << countWidth) - 1} overflows the table of {1 << layer.TableLog}",
                counts, countWidth, (1u << countWidth) - 1);
        var normalized = layer.Tables.NormalizedCounter;
        int s = Array.FindIndex(normalized, n => n > 0);
        yield return Lie(stream, "counts_under", $"layer 0's count of symbol {s} is {normalized[s] - 1}, so the counts sum to {(1 << layer.TableLog) - 1}",
            counts + (long)s * countWidth, countWidth, (uint)normalized[s] - 1);
    }

    /// <summary>rans: a table_log over the limit, more entries than levels, an entry's symbol that is no
    /// level, frequencies that overflow the table and that fall short of it.</summary>
    private static IEnumerable<HeaderLie> RansLies(ResolvedModel model, EncodedStream stream, RamLimits limits, long tableLogField)
    {
        var layer = model.Layers[0];
        var table = layer.Rans ?? throw new InvalidOperationException($"layer {layer.Name} has no rANS table");
        long entriesField = tableLogField + RamHeader.TableLogFieldBits;
        long firstEntry = entriesField + layer.Bits;
        int entryBits = RamRansHeader.EntryBits(layer.Bits, table.TableLog);
        if (limits.MaxTableLog + 1 < 1 << RamHeader.TableLogFieldBits)
            yield return Lie(stream, "table_log", $"table_log {limits.MaxTableLog + 1} > max_table_log {limits.MaxTableLog}",
                tableLogField, RamHeader.TableLogFieldBits, (uint)limits.MaxTableLog + 1);
        yield return Lie(stream, "entries", $"{layer.SymbolCount + 1} entries, more than the {layer.SymbolCount} levels",
            entriesField, layer.Bits, (uint)layer.SymbolCount);
        yield return Lie(stream, "symbol", $"layer 0's first entry names symbol {layer.SymbolCount}, no level",
            firstEntry, layer.Bits, (uint)layer.SymbolCount);
        if (table.Entries >= 2)
            yield return Lie(stream, "freq_over", $"layer 0's first frequency is {table.TableSize}, so the second overflows the table",
                firstEntry + layer.Bits, table.TableLog, (uint)table.TableSize - 1);
        int wide = Array.FindIndex(table.Freq, f => f >= 2);
        if (wide >= 0)
            yield return Lie(stream, "freq_under", $"layer 0's entry {wide} has frequency {table.Freq[wide] - 1}, so they sum to {table.TableSize - 1}",
                firstEntry + (long)wide * entryBits + layer.Bits, table.TableLog, (uint)table.Freq[wide] - 2);
    }

    private static IEnumerable<HeaderLie> HuffmanLies(ResolvedModel model, EncodedStream stream, long maxLengthField)
    {
        int limitLength = model.Spec.HuffmanMaxLength;
        var layer = model.Layers[0];
        var code = layer.Huffman ?? throw new InvalidOperationException($"layer {layer.Name} has no Huffman code");
        long body = maxLengthField + RamHuffmanHeader.MaxLengthFieldBits;   // layer 0's lengths (or its single symbol)
        yield return Lie(stream, "max_length", $"max code length {limitLength + 1} > huffman_max_length {limitLength}",
            maxLengthField, RamHuffmanHeader.MaxLengthFieldBits, (uint)limitLength + 1);
        int maxLength = code.MaxCodeLength;
        if (maxLength == 0)
        {
            yield return Lie(stream, "single_symbol", $"layer 0's single symbol is {layer.SymbolCount}, no level of {layer.Bits} bits",
                body, layer.Bits, (uint)layer.SymbolCount);
            yield break;
        }
        int width = RamHuffmanHeader.LengthFieldBits(maxLength);
        var lengths = code.CodeLengths;
        HeaderLie Length(string name, string what, int symbol, int length) =>
            Lie(stream, name, $"layer 0's code length of symbol {symbol} is {length}: {what}", body + (long)symbol * width, width, (uint)length);

        if (maxLength + 1 < 1 << width)
            yield return Length("length", $"over the layer's max length {maxLength}", code.SortedSymbols[^1], maxLength + 1);
        // Over-full: shorten the longest code to 1 bit, or with only two 1-bit codes give an absent symbol one more.
        int longest = code.SortedSymbols[^1];
        yield return lengths[longest] > 1
            ? Length("kraft_over", "the Kraft sum is over 1", longest, 1)
            : Length("kraft_over", "the Kraft sum is over 1", Array.IndexOf(lengths, 0), 1);
        int first = code.SortedSymbols[0];
        yield return Length("kraft_under", "the code is incomplete (Kraft sum under 1)", first, 0);
    }

    private static HeaderLie Lie(EncodedStream stream, string name, string what, long bit, int width, uint value)
    {
        var bytes = (byte[])stream.Bytes.Clone();
        for (int i = 0; i < width; i++)
        {
            long b = stream.TagBits + bit + i;   // field positions count from the payload, after the model tag
            if (((value >> i) & 1) != 0) bytes[b >> 3] |= (byte)(1 << (int)(b & 7));
            else bytes[b >> 3] &= (byte)~(1 << (int)(b & 7));
        }
        return new HeaderLie(name, what, stream with { Bytes = bytes });
    }
}
