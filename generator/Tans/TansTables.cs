namespace DecoderHw.Tans;

/// <summary>One decode-table slot, FSE's FSE_decode_t: the symbol of the state, the bits to read,
/// and the base the bits are added to (NewState / BaseValue in zstd).</summary>
public readonly record struct DecodeEntry(int Symbol, int NbBits, int Baseline);

/// <summary>Per-symbol encoder transform, FSE's FSE_symbolCompressionTransform.</summary>
public readonly record struct SymbolTransform(int DeltaFindState, uint DeltaNbBits);

/// <summary>All tables of one layer for a given table_log.</summary>
/// <param name="NormalizedCounter">Slots per symbol; sums to 2^TableLog; every present symbol has at least 1.</param>
/// <param name="Decode">Decode table indexed by state (0..TableSize-1).</param>
/// <param name="StateTable">Encoder next-state table (values TableSize..2*TableSize-1).</param>
/// <param name="SymbolTT">Encoder per-symbol transforms.</param>
public sealed record TansTables(
    int TableLog,
    int[] NormalizedCounter,
    DecodeEntry[] Decode,
    int[] StateTable,
    SymbolTransform[] SymbolTT)
{
    public int TableSize => 1 << TableLog;
}
