namespace DecoderHw.Rans;

/// <summary>
/// One layer's rANS table: the present symbols in slot order with their quantized frequencies and
/// cumulative sums, one entry per present level (not per state), shared by every lane.
/// </summary>
/// <remarks>
/// The state x lies in [L, 2L) with L = 2^StateLog, StateLog = TableLog + StateBits (0 for a one-symbol
/// layer). Decoding: slot = x mod M (M = 2^TableLog), the entry j with Cumul[j] &lt;= slot &lt; Cumul[j] + Freq[j]
/// gives the symbol, x' = Freq[j] * (x &gt;&gt; TableLog) + slot - Cumul[j], then nbBits = StateLog - highbit(x')
/// bits are read below it. With StateBits 0, x &gt;&gt; TableLog is 1 and the update needs no multiplier.
/// </remarks>
/// <param name="TableLog">Effective table_log: 0 for a layer with one present symbol (no state, no bits).</param>
/// <param name="StateBits">The spec's rans_state_bits (kept for a one-symbol layer, which ignores it).</param>
/// <param name="Symbols">Symbol of each entry, in slot order.</param>
/// <param name="Freq">Slots of each entry; all at least 1, summing to 2^TableLog.</param>
/// <param name="Cumul">First slot of each entry: the prefix sum of <see cref="Freq"/>.</param>
public sealed record RansTable(int TableLog, int StateBits, int[] Symbols, int[] Freq, int[] Cumul)
{
    public int TableSize => 1 << TableLog;
    public int Entries => Symbols.Length;

    /// <summary>log2 of L, the bottom of the state range; also the width of a lane's initial-state field.</summary>
    public int StateLog => TableLog == 0 ? 0 : TableLog + StateBits;

    /// <summary>One decode step from state <paramref name="x"/> (in [L, 2L)): the entry decoded, and x' and the
    /// bits to read below it (the next state is x' &lt;&lt; nbBits | those bits).</summary>
    public (int Entry, uint Shifted, int NbBits) DecodeStep(uint x, int[] slotToEntry)
    {
        uint slot = x & ((1u << TableLog) - 1);
        int entry = slotToEntry[slot];
        uint shifted = (uint)Freq[entry] * (x >> TableLog) + slot - (uint)Cumul[entry];
        return (entry, shifted, StateLog - Tans.TableBuilder.HighBit((int)shifted));
    }

    /// <summary>The entry that holds <paramref name="slot"/> (the hardware's comparator search).</summary>
    public int EntryOfSlot(int slot)
    {
        int lo = 0, hi = Entries - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (Cumul[mid] <= slot) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Entry of every slot, for the reference decoder's speed (the hardware compares instead).</summary>
    public int[] SlotToEntry()
    {
        var map = new int[TableSize];
        for (int j = 0; j < Entries; j++) Array.Fill(map, j, Cumul[j], Freq[j]);
        return map;
    }

    /// <summary>Entry of each symbol, -1 for a symbol that is not in the table.</summary>
    public int[] EntryOfSymbol(int symbolCount)
    {
        var map = new int[symbolCount];
        Array.Fill(map, -1);
        for (int j = 0; j < Entries; j++) map[Symbols[j]] = j;
        return map;
    }

    /// <summary>Builds the cumulative sums and checks the sum. A symbol twice is allowed: a tables: ram header may
    /// say so, and decoding stays well defined (both entries give the symbol); the builder never does it.</summary>
    public static RansTable Create(int tableLog, int stateBits, int[] symbols, int[] freq)
    {
        if (symbols.Length != freq.Length || symbols.Length == 0)
            throw new ArgumentException("one frequency per symbol, at least one symbol", nameof(freq));
        var cumul = new int[freq.Length];
        long sum = 0;
        for (int j = 0; j < freq.Length; j++)
        {
            if (freq[j] < 1) throw new ArgumentException($"entry {j} (symbol {symbols[j]}) has frequency {freq[j]}", nameof(freq));
            cumul[j] = (int)sum;
            sum += freq[j];
        }
        if (sum != 1L << tableLog) throw new ArgumentException($"frequencies sum to {sum}, not {1L << tableLog}", nameof(freq));
        return new RansTable(tableLog, stateBits, symbols, freq, cumul);
    }
}
