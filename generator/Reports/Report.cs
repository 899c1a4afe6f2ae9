using System.Text.Json.Serialization;

namespace DecoderHw.Reports;

// Field names are a contract: other tools read report.json (issue 4 lists them); serialized snake_case.
// table_load_cycles (totals and layers): tables: ram only, cycles in LOAD in the free run; absent for rom.

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
    IReadOnlyList<ReportScenario> Scenarios);

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TableLoadCycles = null);

/// <summary>One modelled run: the free run gives the headline numbers, the stalled one checks handshakes.</summary>
public sealed record ReportScenario(
    string Name,
    int InputStallThreshold,
    int OutputStallThreshold,
    long Cycles,
    double CyclesPerWeight,
    int FirstOutputLatencyCycles,
    int DoneCycle);
