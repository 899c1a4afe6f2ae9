using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Cycle;

/// <summary>The free run's cycles with each build-engine count, and the count chosen.</summary>
/// <param name="CyclesByEngines">Cycle-model total of the free run for 1, 2 and 4 engines.</param>
public sealed record BuildEngineChoice(int Engines, IReadOnlyDictionary<int, long> CyclesByEngines);

/// <summary>
/// ram_build_engines: auto (coder tans, tables: ram). The engines change only how long the table builder
/// is busy per layer, not the stream, so the stream encoded for four engines is re-timed for one and two
/// (each layer's last load step's busy cycles, <see cref="RamHeader.BuildCycles"/>) and the cycle model's
/// free run decides: the fewest engines whose total is within <see cref="Tolerance"/> of four's. One
/// engine is about 1,450 LUT4 smaller than four (BENCHMARKS.md) and loses nothing when every layer is
/// long enough to hide a build of 2^tl + 2 cycles.
/// </summary>
public static class BuildEngineChooser
{
    /// <summary>0.1%: within the measurement noise of any benchmark here, far below the area saved.</summary>
    public const double Tolerance = 0.001;

    /// <summary>Whether the spec leaves the choice to gen: auto, on a decoder that builds tANS tables.</summary>
    public static bool Applies(DecoderSpec spec) =>
        spec.RamBuildEngines == DecoderSpec.AutoRamBuildEngines && spec.Tables == TableMode.Ram && spec.Coder == CoderKind.Tans;

    /// <summary>The stream re-timed for <paramref name="engines"/>: every layer's builder busy cycles.</summary>
    public static EncodedStream Retimed(ResolvedModel model, EncodedStream stream, int engines) => stream with
    {
        LayerLoadSteps = stream.LayerLoadSteps.Select((steps, k) =>
        {
            var copy = steps.ToArray();
            var layer = model.Layers[k];
            copy[^1] = copy[^1] with { Busy = RamHeader.BuildCycles(layer.Tables.NormalizedCounter, layer.TableLog, engines) };
            return copy;
        }).ToList(),
    };

    /// <summary>Chooses for an auto spec: the model with the chosen count in its spec, the stream re-timed
    /// for it, and the choice with the cycles it compared.</summary>
    public static (ResolvedModel Model, EncodedStream Stream, BuildEngineChoice Choice) Choose(ResolvedModel model, EncodedStream stream,
        CancellationToken cancellation = default)
    {
        var cycles = new Dictionary<int, long>();
        var streams = new Dictionary<int, EncodedStream>();
        foreach (int engines in DecoderSpec.RamBuildEngineCounts)
        {
            cancellation.ThrowIfCancellationRequested();
            var timed = Model(model, engines);
            streams[engines] = Retimed(timed, stream, engines);
            cycles[engines] = CycleModel.Run(timed, streams[engines], StallScenario.Free).TotalCycles;
        }
        long four = cycles[DecoderSpec.DefaultRamBuildEngines];
        int chosen = DecoderSpec.RamBuildEngineCounts.First(e => cycles[e] <= four * (1 + Tolerance));
        return (Model(model, chosen), streams[chosen], new BuildEngineChoice(chosen, cycles));
    }

    private static ResolvedModel Model(ResolvedModel model, int engines) => model with { Spec = model.Spec with { RamBuildEngines = engines } };
}
