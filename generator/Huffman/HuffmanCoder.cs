namespace DecoderHw.Huffman;

/// <summary>A Huffman-coded sequence: the stream and its exact length in bits (the last byte is zero-padded).</summary>
public sealed record HuffmanStream(byte[] Bytes, long BitCount);

/// <summary>A stream that does not decode under the code: truncated, or a bit pattern with no code
/// (possible only for an incomplete code, which <see cref="CanonicalHuffmanCode"/> never builds).</summary>
public sealed class HuffmanStreamException(string message) : Exception(message);

/// <summary>The reference Huffman encoder and decoder over a <see cref="CanonicalHuffmanCode"/>.</summary>
public static class HuffmanCoder
{
    public static HuffmanStream Encode(CanonicalHuffmanCode code, ReadOnlySpan<int> symbols)
    {
        var writer = new BitWriter();
        foreach (int s in symbols)
        {
            if (code.LoneSymbol is { } lone)
            {
                if (s != lone) throw new ArgumentException($"symbol {s} has no code (the code holds only {lone})");
                continue;
            }
            if ((uint)s >= (uint)code.Lengths.Count || code.Lengths[s] == 0) throw new ArgumentException($"symbol {s} has no code");
            writer.WriteCode(code.Codes[s], code.Lengths[s]);
        }
        return new HuffmanStream(writer.ToArray(), writer.BitCount);
    }

    /// <summary>Decodes <paramref name="count"/> symbols. The canonical walk (zlib's puff.c): after each bit,
    /// the codes of the current length are the integers first..first+count-1, so one comparison per
    /// bit finds a symbol or moves on to the next length.</summary>
    public static int[] Decode(CanonicalHuffmanCode code, HuffmanStream stream, int count)
    {
        var symbols = new int[count];
        if (code.LoneSymbol is { } lone)
        {
            Array.Fill(symbols, lone);
            return symbols;
        }

        var reader = new BitReader(stream.Bytes, Math.Min(stream.BitCount, (long)stream.Bytes.Length * 8));
        for (int i = 0; i < count; i++) symbols[i] = DecodeOne(code, reader, i);
        if (reader.Position != stream.BitCount)
            throw new HuffmanStreamException($"{stream.BitCount - reader.Position} bits left after {count} symbols");
        return symbols;
    }

    private static int DecodeOne(CanonicalHuffmanCode code, BitReader reader, int index)
    {
        int value = 0, first = 0, offset = 0;
        for (int length = 1; length <= code.MaxLength; length++)
        {
            int bit = reader.ReadBit();
            if (bit < 0) throw new HuffmanStreamException($"stream ends inside symbol {index}");
            value |= bit;
            int n = code.CountPerLength[length];
            if (value - first < n) return code.SymbolsInCodeOrder[offset + value - first];
            offset += n;
            first = (first + n) << 1;
            value <<= 1;
        }
        throw new HuffmanStreamException($"no code matches the bits of symbol {index}");
    }
}
