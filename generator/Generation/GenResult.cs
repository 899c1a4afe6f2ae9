using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Reports;

namespace DecoderHw.Generation;

/// <summary>Everything one gen run computed, in memory, before anything is written.</summary>
public sealed record GenResult(ResolvedModel Model, EncodedStream Stream, IReadOnlyList<CycleTrace> Traces, Report Report);
