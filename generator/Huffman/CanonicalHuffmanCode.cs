namespace DecoderHw.Huffman;

/// <summary>A canonical prefix code (as DEFLATE, RFC 1951 section 3.2.2): codes of each length are
/// consecutive integers, assigned in symbol order, and shorter codes come first. The lengths alone
/// define the code, so a decoder needs only how many codes each length has (<see cref="CountPerLength"/>)
/// and the symbols in code order (<see cref="SymbolsInCodeOrder"/>).</summary>
public sealed class CanonicalHuffmanCode
{
    private CanonicalHuffmanCode(int[] lengths, uint[] codes, int[] countPerLength, int[] symbolsInCodeOrder, int maxLength, int? loneSymbol)
    {
        LoneSymbol = loneSymbol;
        Lengths = lengths;
        Codes = codes;
        CountPerLength = countPerLength;
        SymbolsInCodeOrder = symbolsInCodeOrder;
        MaxLength = maxLength;
    }

    /// <summary>Code length per symbol, 0 when the symbol has no code (or is the lone symbol).</summary>
    public IReadOnlyList<int> Lengths { get; }

    /// <summary>Code per symbol, <see cref="Lengths"/>[s] bits wide, sent most significant bit first.</summary>
    public IReadOnlyList<uint> Codes { get; }

    /// <summary>Index n: how many symbols have an n-bit code (index 0 unused).</summary>
    public IReadOnlyList<int> CountPerLength { get; }

    /// <summary>Symbols with a code, shortest code first, then by symbol: the canonical order.</summary>
    public IReadOnlyList<int> SymbolsInCodeOrder { get; }

    public int MaxLength { get; }

    /// <summary>The symbol of a code with no bits, when exactly one symbol is present.</summary>
    public int? LoneSymbol { get; }

    public static CanonicalHuffmanCode FromCounts(ReadOnlySpan<long> counts, int maxLength)
    {
        int present = 0, last = -1;
        for (int s = 0; s < counts.Length; s++)
            if (counts[s] > 0) (present, last) = (present + 1, s);
        return FromLengths(HuffmanCodeLengths.Compute(counts, maxLength), maxLength, present == 1 ? last : null);
    }

    /// <summary>Checks the lengths form a complete prefix code (Kraft sum exactly 1), or are all zero with
    /// a <paramref name="loneSymbol"/> that is sent in no bits.</summary>
    public static CanonicalHuffmanCode FromLengths(IReadOnlyList<int> lengths, int maxLength, int? loneSymbol = null)
    {
        if (maxLength is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must be 1..30");
        var countPerLength = new int[maxLength + 1];
        foreach (int length in lengths)
        {
            if (length < 0 || length > maxLength) throw new ArgumentException($"code length {length} is outside 0..{maxLength}");
            if (length > 0) countPerLength[length]++;
        }

        // Kraft: sum 2^-length == 1, in integers scaled by 2^maxLength.
        long kraft = 0;
        for (int n = 1; n <= maxLength; n++) kraft += (long)countPerLength[n] << (maxLength - n);
        if (loneSymbol is { } lone)
        {
            if (kraft != 0 || lone < 0 || lone >= lengths.Count) throw new ArgumentException("a lone symbol needs all code lengths 0 and a symbol in range");
        }
        else if (kraft != 1L << maxLength) throw new ArgumentException("code lengths do not form a complete prefix code");

        var nextCode = new uint[maxLength + 2];
        uint code = 0;
        for (int n = 1; n <= maxLength; n++)
        {
            code = (code + (uint)countPerLength[n - 1]) << 1;
            nextCode[n] = code;
        }
        countPerLength[0] = 0;

        var codes = new uint[lengths.Count];
        for (int s = 0; s < lengths.Count; s++)
            if (lengths[s] > 0) codes[s] = nextCode[lengths[s]]++;

        var order = Enumerable.Range(0, lengths.Count).Where(s => lengths[s] > 0).OrderBy(s => lengths[s]).ThenBy(s => s).ToArray();
        return new CanonicalHuffmanCode([.. lengths], codes, countPerLength, order, maxLength, loneSymbol);
    }

    /// <summary>Exact bits to code a histogram with this code.</summary>
    public long CodedBits(ReadOnlySpan<long> counts)
    {
        long bits = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] == 0) continue;
            if (s >= Lengths.Count || (Lengths[s] == 0 && LoneSymbol != s)) throw new ArgumentException($"symbol {s} has no code");
            bits += counts[s] * Lengths[s];
        }
        return bits;
    }
}
