using System.Globalization;
using CsCheck;
using DecoderHw.Spec;

namespace DecoderHw.Tests.Spec;

/// <summary>The resolved spec written beside the outputs must read back as the same spec, or a run
/// could not be reproduced from its output folder.</summary>
public sealed class SpecYamlWriterTests
{
    private static readonly Gen<string> Identifier =
        CsCheck.Gen.Select(CsCheck.Gen.Char["abcdefghijklmnopqrstuvwxyz_"], CsCheck.Gen.Char["abcdefghijklmnopqrstuvwxyz_0123456789"].Array[0, 11],
            (first, rest) => first + new string(rest));

    /// <summary>Any text at all, including quotes, backslashes, '#', ': ' and control characters.</summary>
    private static readonly Gen<string> AnyText =
        CsCheck.Gen.OneOf(CsCheck.Gen.Char["ab\\\"'#: -[]{}&*!|>%@`\t\n\r\u0001\u00e9\u2028,?~"], CsCheck.Gen.Char)
            .Array[1, 20].Select(cs => new string(cs))
            .Where(s => !s.Any(char.IsSurrogate));

    private static readonly Gen<double> PositiveFinite = CsCheck.Gen.Double.Where(d => double.IsFinite(d) && d > 0);

    private static readonly Gen<WeightSource> Synthetic = CsCheck.Gen.OneOf<WeightSource>(
        CsCheck.Gen.Select(CsCheck.Gen.Enum<DistributionKind>(), PositiveFinite, CsCheck.Gen.Int[1, SpecLimits.MaxLayerWeights], CsCheck.Gen.ULong,
            (kind, scale, count, seed) => (WeightSource)new DistributionSource(kind, scale, count, seed)),
        CsCheck.Gen.Select(CsCheck.Gen.Long[0, SpecLimits.MaxFrequency].Array[255], CsCheck.Gen.Int[0, 100], CsCheck.Gen.Int[1, SpecLimits.MaxLayerWeights], CsCheck.Gen.ULong,
            (counts, zeros, count, seed) => (WeightSource)new FrequencySource(
                counts.Select((c, i) => (i * 37 % 100) < zeros ? 0 : c).ToArray(), count, seed)));

    private static readonly Gen<LayerSpec> Layer = CsCheck.Gen.Select(
        Identifier, CsCheck.Gen.Int[2, 8], CsCheck.Gen.Int[5, 12].Nullable(), PositiveFinite.Nullable(),
        CsCheck.Gen.Select(AnyText, AnyText, CsCheck.Gen.Double[0.5, 1e6].Nullable()).Nullable(), Synthetic,
        (name, bits, tableLog, step, file, synthetic) =>
        {
            if (file is var (path, tensor, deadZone))
                return new LayerSpec(name, bits, tableLog, new FileSource(path, tensor), step, deadZone);
            var source = synthetic is FrequencySource f ? FitCounts(f, bits) : synthetic;
            // Every present level needs a slot of the table; 12 holds all 255.
            return new LayerSpec(name, bits, source is FrequencySource ? 12 : tableLog, source, step);
        });

    private static readonly Gen<DecoderSpec> SpecGen = CsCheck.Gen.Select(
        Identifier.Where(n => n is not ("con" or "prn" or "aux" or "nul") && !(n.Length == 4 && (n.StartsWith("com") || n.StartsWith("lpt")))),
        CsCheck.Gen.Enum<CoderKind>(), CsCheck.Gen.Int[5, 12], CsCheck.Gen.Int[1, 16], CsCheck.Gen.Int[8, 256], CsCheck.Gen.Enum<TableMode>(),
        Layer.Array[1, 5],
        (name, coder, tableLog, lanes, inputWidth, tables, layers) =>
        {
            var named = layers.Select((l, i) => l with { Name = $"{l.Name}_{i}" }).ToArray();
            var ram = tables == TableMode.Ram
                ? new RamLimits(named.Max(l => l.TableLog ?? tableLog), named.Max(l => l.Bits), named.Length + 3, SpecLimits.MaxLayerWeights)
                : null;
            return new DecoderSpec(name, coder, tableLog, lanes, inputWidth, tables, named, "orig.yaml", 16, ram);
        });

    [Fact]
    public void ToYaml_ReadsBackAsTheSameSpec_WhenSpecsAreRandom()
    {
        SpecGen.Sample(spec =>
        {
            var yaml = SpecYamlWriter.ToYaml(spec);

            var reread = SpecLoader.Parse(yaml, "resolved.yaml");

            Assert.Equal(Canonical(spec), Canonical(reread));
        }, iter: 500, print: spec => SpecYamlWriter.ToYaml(spec));
    }

    [Fact]
    public void ToYaml_ReadsBackAsTheSameSpec_WhenTheSpecIsAnExample()
    {
        foreach (var path in SpecTestFiles.ExampleSpecs)
        {
            var spec = SpecLoader.Load(path);

            Assert.Equal(Canonical(spec), Canonical(SpecLoader.Parse(SpecYamlWriter.ToYaml(spec), "resolved.yaml")));
        }
    }

    private static FrequencySource FitCounts(FrequencySource f, int bits)
    {
        var counts = f.Frequencies.Take((1 << bits) - 1).ToArray();
        if (counts.All(c => c == 0)) counts[0] = 1;
        return f with { Frequencies = counts };
    }

    /// <summary>Every field as text; a layer's table_log as the effective one, which the writer makes explicit.</summary>
    private static string Canonical(DecoderSpec s) => string.Join("\n",
        [Invariant($"{s.Name} {s.Coder} {s.TableLog} {s.Lanes} {s.InputWidth} {s.Tables} {s.HuffmanMaxLength} {s.RamLimits}"),
         .. s.Layers.Select(l => Invariant($"{l.Name} {l.Bits} {l.TableLog ?? s.TableLog} {l.Step:R} {l.DeadZone:R} ") + l.Source switch
         {
             FrequencySource f => Invariant($"f {string.Join(",", f.Frequencies)} {f.Count} {f.Seed}"),
             DistributionSource d => Invariant($"d {d.Kind} {d.Scale:R} {d.Count} {d.Seed}"),
             FileSource f => $"s [{f.File}] [{f.Tensor}]",
             _ => "?",
         })]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
