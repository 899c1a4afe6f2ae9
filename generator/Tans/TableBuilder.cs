namespace DecoderHw.Tans;

/// <summary>Builds a layer's decode and encode tables from its counts (FSE_buildDTable / FSE_buildCTable).</summary>
public static class TableBuilder
{
    public static TansTables Build(IReadOnlyList<long> counts, int tableLog)
    {
        var normalized = Normalizer.Normalize(counts, tableLog);
        return FromNormalized(normalized, tableLog);
    }

    public static TansTables FromNormalized(int[] normalizedCounter, int tableLog)
    {
        int tableSize = 1 << tableLog;
        if (normalizedCounter.Sum() != tableSize)
            throw new ArgumentException($"normalized counts sum to {normalizedCounter.Sum()}, not {tableSize}", nameof(normalizedCounter));
        var tableSymbol = SymbolSpread.Spread(normalizedCounter, tableLog);
        return new TansTables(
            tableLog,
            normalizedCounter,
            BuildDecodeTable(normalizedCounter, tableSymbol, tableLog),
            BuildStateTable(normalizedCounter, tableSymbol, tableLog),
            BuildSymbolTransforms(normalizedCounter, tableLog));
    }

    private static DecodeEntry[] BuildDecodeTable(int[] normalizedCounter, int[] tableSymbol, int tableLog)
    {
        int tableSize = 1 << tableLog;
        var symbolNext = (int[])normalizedCounter.Clone();
        var decode = new DecodeEntry[tableSize];
        for (int u = 0; u < tableSize; u++)
        {
            int symbol = tableSymbol[u];
            int nextState = symbolNext[symbol]++;
            int nbBits = tableLog - HighBit(nextState);
            decode[u] = new DecodeEntry(symbol, nbBits, (nextState << nbBits) - tableSize);
        }
        return decode;
    }

    private static int[] BuildStateTable(int[] normalizedCounter, int[] tableSymbol, int tableLog)
    {
        int tableSize = 1 << tableLog;
        var cumul = new int[normalizedCounter.Length + 1];
        for (int s = 0; s < normalizedCounter.Length; s++) cumul[s + 1] = cumul[s] + normalizedCounter[s];
        var stateTable = new int[tableSize];
        for (int u = 0; u < tableSize; u++) stateTable[cumul[tableSymbol[u]]++] = tableSize + u;
        return stateTable;
    }

    private static SymbolTransform[] BuildSymbolTransforms(int[] normalizedCounter, int tableLog)
    {
        int tableSize = 1 << tableLog;
        var transforms = new SymbolTransform[normalizedCounter.Length];
        int total = 0;
        for (int s = 0; s < normalizedCounter.Length; s++)
        {
            int n = normalizedCounter[s];
            switch (n)
            {
                case 0:
                    // Never encoded; FSE fills it so a bad call cannot index out of the state table.
                    transforms[s] = new SymbolTransform(0, unchecked((uint)(((tableLog + 1) << 16) - tableSize)));
                    break;
                case 1:
                    transforms[s] = new SymbolTransform(total - 1, unchecked((uint)((tableLog << 16) - tableSize)));
                    total += 1;
                    break;
                default:
                    int maxBitsOut = tableLog - HighBit(n - 1);
                    int minStatePlus = n << maxBitsOut;
                    transforms[s] = new SymbolTransform(total - n, unchecked((uint)((maxBitsOut << 16) - minStatePlus)));
                    total += n;
                    break;
            }
        }
        return transforms;
    }

    /// <summary>Index of the highest set bit (BIT_highbit32).</summary>
    public static int HighBit(int value) => 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)value);
}
