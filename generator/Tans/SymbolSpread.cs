namespace DecoderHw.Tans;

/// <summary>Places each symbol's slots over the table with FSE's step, so a symbol's states are spread
/// evenly and the coding cost stays close to the normalized ideal.</summary>
public static class SymbolSpread
{
    /// <summary>FSE_TABLESTEP: odd for every table of 32 slots or more, so the walk visits every slot once.</summary>
    public static int Step(int tableSize) => (tableSize >> 1) + (tableSize >> 3) + 3;

    public static int[] Spread(IReadOnlyList<int> normalizedCounter, int tableLog)
    {
        int tableSize = 1 << tableLog;
        int mask = tableSize - 1;
        int step = Step(tableSize);
        var tableSymbol = new int[tableSize];
        int position = 0;
        // FSE's first phase places low-probability (-1) symbols at the top; our normalizer gives every
        // present symbol a real slot count, so there is no such symbol and the phase is empty.
        for (int s = 0; s < normalizedCounter.Count; s++)
        {
            for (int i = 0; i < normalizedCounter[s]; i++)
            {
                tableSymbol[position] = s;
                position = (position + step) & mask;
            }
        }
        if (position != 0) throw new InvalidOperationException("symbol spread did not visit every slot exactly once");
        return tableSymbol;
    }
}
