namespace DecoderHw.Huffman;

/// <summary>
/// A layer's canonical, length-limited prefix code. Codes are assigned in (length, symbol) order;
/// codes of one length are consecutive integers, so a decoder needs per length only the first code,
/// the count and where its symbols start in <see cref="SortedSymbols"/> (FirstCode/Count/Offset).
/// </summary>
/// <param name="CodeLengths">Bits per symbol; 0 for an absent symbol, and for the only symbol of a
/// single-symbol layer (which codes at 0 bits, as with tANS).</param>
public sealed record LayerHuffmanCode(int[] CodeLengths, int[] Codes, int[] SortedSymbols, int[] FirstCode, int[] CountOfLength, int[] OffsetOfLength)
{
    public int MaxCodeLength => CodeLengths.Max();

    public static LayerHuffmanCode FromCounts(IReadOnlyList<long> counts, int maxLength)
    {
        int firstPresent = Enumerable.Range(0, counts.Count).First(s => counts[s] > 0);
        return FromLengths(PackageMerge.CodeLengths(counts, maxLength), firstPresent);
    }

    /// <param name="onlySymbol">The symbol a code of all-zero lengths stands for (a single-symbol layer).</param>
    public static LayerHuffmanCode FromLengths(int[] lengths, int onlySymbol = 0)
    {
        int maxLength = lengths.Max();
        var sorted = Enumerable.Range(0, lengths.Length).Where(s => lengths[s] > 0)
            .OrderBy(s => lengths[s]).ThenBy(s => s).ToArray();
        if (sorted.Length == 0)
            sorted = [onlySymbol];
        var codes = new int[lengths.Length];
        var first = new int[maxLength + 1];
        var count = new int[maxLength + 1];
        var offset = new int[maxLength + 1];
        int code = 0, previousLength = 0;
        for (int i = 0; i < sorted.Length && maxLength > 0; i++)
        {
            int s = sorted[i], length = lengths[s];
            code <<= length - previousLength;
            if (count[length] == 0) { first[length] = code; offset[length] = i; }
            count[length]++;
            codes[s] = code++;
            previousLength = length;
        }
        if (maxLength > 0 && code != 1 << previousLength)
            throw new ArgumentException("code lengths do not form a complete prefix code", nameof(lengths));
        return new LayerHuffmanCode(lengths, codes, sorted, first, count, offset);
    }

    /// <summary>Decodes one symbol from the next <see cref="MaxCodeLength"/> stream bits, first stream
    /// bit as the code's most significant bit. Returns the symbol and its length.</summary>
    public (int Symbol, int Length) DecodeFirstBitFirst(uint window)
    {
        int maxLength = MaxCodeLength;
        if (maxLength == 0) return (SortedSymbols[0], 0);
        uint value = BitReverse(window, maxLength);
        for (int length = 1; length <= maxLength; length++)
        {
            int top = (int)(value >> (maxLength - length));
            int index = top - FirstCode[length];
            if (CountOfLength[length] > 0 && index >= 0 && index < CountOfLength[length])
                return (SortedSymbols[OffsetOfLength[length] + index], length);
        }
        throw new InvalidOperationException("a complete code decodes every pattern");
    }

    public static uint BitReverse(uint value, int bits)
    {
        uint reversed = 0;
        for (int i = 0; i < bits; i++, value >>= 1) reversed = (reversed << 1) | (value & 1);
        return reversed;
    }
}
