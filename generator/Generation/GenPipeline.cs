using DecoderHw.Cli;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Reports;
using DecoderHw.Spec;
using DecoderHw.Vectors;

namespace DecoderHw.Generation;

/// <summary>spec -> resolved model -> stream -> cycle model -> outputs, written to a temp folder and
/// moved into place only when complete, so a failed run never leaves a half-written folder.</summary>
public static class GenPipeline
{
    /// <summary>The stall scenarios of the report (and of compare and sweep).</summary>
    public static readonly StallScenario[] Scenarios = [StallScenario.Free, StallScenario.Stall];

    /// <summary>More stall patterns for the testbench only: gen writes their vectors, the report leaves them out.</summary>
    public static readonly StallScenario[] TestbenchOnlyScenarios = [StallScenario.Burst, StallScenario.SlowInput, StallScenario.SlowOutput];

    /// <returns>The output folder written.</returns>
    /// <summary>From this many weights on, gen says what it is doing (a million take a few seconds).</summary>
    public const long ShowStepsFromWeights = 1_000_000;

    public static string Run(string specPath, string? outputDir, CliConsole console, CancellationToken cancellation = default, bool showSteps = false)
    {
        var spec = SpecLoader.Load(specPath);
        string target = outputDir ?? DefaultOutput(spec.Name);
        // Before any work: a refused folder or a spec over the weight limit should cost the user a second, not a gen.
        OutputFolder.CheckWritable(target);
        long weights = ModelResolver.CheckTotalWeights(spec, Path.GetDirectoryName(Path.GetFullPath(specPath)) ?? ".");
        var result = StepLog.Run(console, $"gen {spec.Name}", showSteps || weights >= ShowStepsFromWeights, step =>
        {
            var computed = Compute(spec, specPath, cancellation, step);
            step($"writing vectors, RTL and reports to {target}");
            OutputFolder.WriteAtomically(target, "gen", staging => WriteOutputs(computed, specPath, target, staging, cancellation), cancellation);
            return computed;
        });
        var t = result.Report.Totals;
        console.Out.WriteLine(FormattableString.Invariant(
            $"{spec.Name}: {t.Weights} weights, {t.BitsPerWeight:F4} bits/weight (entropy {t.EntropyBitsPerWeight:F4}), {t.CyclesPerWeight:F4} cycles/weight, first output after {t.FirstOutputLatencyCycles} cycles -> {target}"));
        return target;
    }

    /// <summary>build/NAME at the top of the checkout when run inside one (so `dotnet run` from
    /// examples/ or generator/ lands in the same place as make), else under the current folder.</summary>
    public static string DefaultOutput(string name)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DecoderHw.sln")))
                return Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir.FullName, "build", name));
        return Path.Combine("build", name);
    }

    public static GenResult Compute(DecoderSpec spec, string specPath, CancellationToken cancellation = default, Action<string>? step = null)
    {
        if (spec.Tables == TableMode.Ram && spec.Coder == CoderKind.Raw)
            throw new UserErrorException($"{specPath}: tables: ram is implemented for coder tans and huffman (raw has no tables)");
        step?.Invoke("reading weights and building tables");
        var model = ModelResolver.Resolve(spec, cancellation);
        step?.Invoke($"encoding {model.WeightCount:N0} weights");
        var stream = StreamCodec.Encode(model);
        cancellation.ThrowIfCancellationRequested();
        step?.Invoke("decoding the stream back (round-trip check)");
        VerifyRoundTrip(model, stream);
        cancellation.ThrowIfCancellationRequested();
        BuildEngineChoice? engines = null;
        if (BuildEngineChooser.Applies(model.Spec))
        {
            step?.Invoke("choosing ram_build_engines (cycle model with 1, 2 and 4 engines)");
            (model, stream, engines) = BuildEngineChooser.Choose(model, stream, cancellation);
        }
        step?.Invoke("cycle model (free and stalled)");
        var traces = Scenarios.Select(s => { cancellation.ThrowIfCancellationRequested(); return CycleModel.Run(model, stream, s); }).ToList();
        var report = ReportBuilder.Build(model, stream, traces, specPath, engines);
        return new GenResult(model, stream, traces, report);
    }

    /// <summary>Every stream we write has been decoded back first (tANS with ROM tables by the production
    /// decoder, which the tests hold to the reference; other coders by their reference decoder).</summary>
    private static void VerifyRoundTrip(ResolvedModel model, EncodedStream stream)
    {
        if (FastTansDecoder.Supports(model.Spec))
        {
            var levels = new sbyte[model.WeightCount];
            StreamCodec.DecodeLevels(model, stream.Bytes, stream.WordCount, levels);
            long at = 0;
            foreach (var layer in model.Layers)
            {
                for (int i = 0; i < layer.WeightCount; i++)
                    if (levels[at + i] != layer.Levels[i])
                        throw new InvalidOperationException($"round trip failed: layer {layer.Name} weight {i}: expected {layer.Levels[i]}, decoded {levels[at + i]}");
                at += layer.WeightCount;
            }
            return;
        }
        var decoded = StreamCodec.Decode(model, stream.Bytes, stream.WordCount);
        foreach (var layer in model.Layers)
        {
            var got = decoded[layer.Index];
            for (int i = 0; i < layer.WeightCount; i++)
                if (got[i] != layer.Levels[i])
                    throw new InvalidOperationException($"round trip failed: layer {layer.Name} weight {i}: expected {layer.Levels[i]}, decoded {got[i]}");
        }
    }

    /// <summary>Coders and table modes the RTL templates implement: all but raw with tables: ram and rANS
    /// with more than one state per lane (both refused by the spec reader, so only a spec built in code
    /// gets here).</summary>
    public static bool HasRtl(DecoderSpec spec) =>
        (spec.Tables == TableMode.Rom || spec.Coder != CoderKind.Raw) && !(spec.Coder == CoderKind.Rans && spec.StatesPerLane > 1);

    /// <summary>Relative weight-file paths resolve against the spec's folder; the resolved spec sits in
    /// the output folder, so its paths are rewritten relative to that folder.</summary>
    private static DecoderSpec RebaseFileSources(DecoderSpec spec, string target)
    {
        string specDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.SourcePath)) ?? ".";
        string targetFull = Path.GetFullPath(target);
        var layers = spec.Layers.Select(l => l.Source is FileSource f
            ? l with { Source = f with { File = Path.GetRelativePath(targetFull, Path.Combine(specDirectory, f.File)).Replace('\\', '/') } }
            : l).ToList();
        return spec with { Layers = layers };
    }

    private static void WriteOutputs(GenResult result, string specPath, string target, string directory, CancellationToken cancellation)
    {
        var traces = result.Traces.Concat(TestbenchOnlyScenarios.Select(s => CycleModel.Run(result.Model, result.Stream, s))).ToList();
        cancellation.ThrowIfCancellationRequested();
        VectorWriter.Write(result.Model, result.Stream, traces, Path.Combine(directory, "vectors"), cancellation);
        cancellation.ThrowIfCancellationRequested();
        CorruptionOracle.WriteFlipExpectations(result.Model, result.Stream, Path.Combine(directory, "vectors", "corrupt_flip.txt"));
        if (HasRtl(result.Model.Spec))
        {
            Rtl.TestbenchParamsWriter.Write(result.Model, result.Stream, Path.Combine(directory, "vectors"));
            BlockVectorWriter.Write(result.Model, result.Stream, Path.Combine(directory, "vectors"));
        }
        WriteDecoder(result, specPath, target, directory);
    }

    /// <summary>The part of gen's output that sizing reads: rtl/ (if the templates cover the spec),
    /// the reports and the resolved spec, without the simulation vectors (compare sizes four
    /// decoders of the same weights and has no use for four sets of vectors).</summary>
    /// <param name="target">Where the folder will end up; the resolved spec's file paths are relative to it.</param>
    public static void WriteDecoder(GenResult result, string specPath, string target, string directory)
    {
        if (HasRtl(result.Model.Spec))
        {
            Rtl.RtlWriter.Write(result.Model, Path.Combine(directory, "rtl"), specPath);
            var rtl = Rtl.RtlWriter.ModelFor(result.Model, Rtl.RtlWriter.SpecLabel(specPath), Rtl.RtlWriter.GeneratorVersion());
            Rtl.RtlManifest.WriteCore(rtl, directory, target, result.Traces.First(t => t.Scenario == StallScenario.Free).DoneCycle);
        }
        ReportWriter.WriteJson(result.Report, Path.Combine(directory, "report.json"));
        ReportWriter.WriteMarkdown(result.Report, Path.Combine(directory, "report.md"));
        File.WriteAllText(Path.Combine(directory, "spec.resolved.yaml"),
            $"# resolved from {specPath.Replace('\\', '/')} by DecoderHw {ReportBuilder.GeneratorVersion}\n" +
            SpecYamlWriter.ToYaml(RebaseFileSources(result.Model.Spec, target), result.Model.Layers.Select(l => l.TableLog).ToList()));
    }
}
