using System.Text.Json.Serialization;

namespace DecoderHw.Reports;

// Field names are a contract: other tools read report.json (issue 4 lists them); serialized snake_case.
// table_load_cycles (totals and layers): tables: ram only, the cycles the free run spends on loading tables
// beyond a rom decoder (LOAD reading a header, INIT waiting for its table); absent for rom.
// table_build_cycles (layers): tables: ram only, the cycles the table builder works on the layer's table
// beside the decoder (RamHeader.BuildCycles, RamHuffmanHeader.BuildBusy; 0 with no build pass).

public sealed record Report(
    string Name,
    string Coder,
    int Lanes,
    int TableLog,
    int InputWidth,
    string Tables,
    string Spec,
    string GeneratorVersion,
    int BufferWidth,
    ReportTotals Totals,
    IReadOnlyList<ReportLayer> Layers,
    IReadOnlyList<ReportScenario> Scenarios)
{
    /// <summary>Stream and on-chip tables against int8: the decoder's whole memory.</summary>
    public required ReportMemory Memory { get; init; }

    /// <summary>table_groups: the shared tables and their layers; absent without grouping.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReportTableGroup>? TableGroups { get; init; }

    /// <summary>coder: rans: the state range (rans_state_bits); absent for other coders.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RansStateBits { get; init; }

    /// <summary>table_log_mode by_size or best (each layer's table_log is then its chosen one, beside its
    /// requested_table_log); absent with fixed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TableLogMode { get; init; }

    /// <summary>coder tans, tables: ram: the table builder's engines when not the default 4 or chosen by auto.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RamBuildEngines { get; init; }

    /// <summary>ram_build_engines: auto: the free run's cycles with 1, 2 and 4 engines that the choice compared.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? RamBuildEnginesCycles { get; init; }

    /// <summary>tables: ram: the table banks when not the default 2 (ram_banks: 3, headers two layers ahead; ram_banks: 1, headers inline).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RamBanks { get; init; }
}

/// <param name="StreamBits">Bits the decoder reads: coded weights and headers (without the last word's padding).</param>
/// <param name="TableBits">On-chip table bits in all: table_bits_per_lane x lanes + table_bits_shared.</param>
/// <param name="TableBitsPerLane">Bits each lane holds as its own copy (tANS's decode ROM or RAM).</param>
/// <param name="TableBitsShared">Bits held once for all lanes (rANS's frequency table, Huffman's symbol ROM, ram load RAMs).</param>
/// <param name="Int8Bits">The same weights as int8: 8 bits each.</param>
/// <param name="TotalBits">stream_bits + table_bits.</param>
/// <param name="Int8OverTotal">How many times smaller than int8 the decoder's memory is (above 1 is a saving).</param>
public sealed record ReportMemory(
    long StreamBits,
    long TableBits,
    long TableBitsPerLane,
    long TableBitsShared,
    int Lanes,
    long Int8Bits,
    long TotalBits,
    double Int8OverTotal);

/// <param name="Layers">Names of the layers that decode with this table.</param>
public sealed record ReportTableGroup(int Index, int Bits, int TableLog, IReadOnlyList<string> Layers);

public sealed record ReportTotals(
    long Weights,
    long RawBits,
    long CodedBits,
    long HeaderBits,
    long StreamWords,
    double BitsPerWeight,
    double EntropyBitsPerWeight,
    long PredictedCycles,
    double CyclesPerWeight,
    int FirstOutputLatencyCycles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TableLoadCycles = null);

public sealed record ReportLayer(
    string Name,
    int Bits,
    int Levels,
    int Weights,
    int TableLog,
    int PresentSymbols,
    double EntropyBitsPerWeight,
    long CodedBits,
    long HeaderBits,
    double BitsPerWeight,
    long PredictedCycles,
    double CyclesPerWeight,
    double? Step,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TableLoadCycles = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RansStateBits = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TableBuildCycles = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RequestedTableLog = null);

/// <summary>One modelled run: the free run gives the headline numbers, the stalled one checks handshakes.</summary>
public sealed record ReportScenario(
    string Name,
    int InputStallThreshold,
    int OutputStallThreshold,
    long Cycles,
    double CyclesPerWeight,
    int FirstOutputLatencyCycles,
    int DoneCycle);
