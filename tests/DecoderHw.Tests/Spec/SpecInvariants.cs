using System.Text.RegularExpressions;
using DecoderHw.Spec;

namespace DecoderHw.Tests.Spec;

/// <summary>What every spec the loader returns guarantees (docs/spec.md), checked on loaded specs.</summary>
internal static partial class SpecInvariants
{
    public static void Check(DecoderSpec spec)
    {
        Assert.Matches(Identifier(), spec.Name);
        Assert.True(Enum.IsDefined(spec.Coder));
        Assert.True(Enum.IsDefined(spec.Tables));
        Assert.InRange(spec.TableLog, DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog);
        Assert.InRange(spec.Lanes, SpecLimits.MinLanes, DecoderSpec.MaxLanes);
        Assert.InRange(spec.InputWidth, DecoderSpec.MinInputWidth, DecoderSpec.MaxInputWidth);
        Assert.InRange(spec.HuffmanMaxLength, SpecLimits.MinHuffmanMaxLength, SpecLimits.MaxHuffmanMaxLength);
        Assert.InRange(spec.Layers.Count, 1, SpecLimits.MaxLayers);
        Assert.Equal(spec.Layers.Count, spec.Layers.Select(l => l.Name).Distinct().Count());
        if (spec.Coder == CoderKind.Huffman) Assert.True(spec.HuffmanMaxLength >= spec.MaxLayerBits);
        Assert.Equal(spec.Tables == TableMode.Ram, spec.RamLimits is not null);
        if (spec.RamLimits is { } ram)
        {
            Assert.True(ram.MaxBits >= spec.MaxLayerBits);
            Assert.True(ram.MaxLayers >= spec.Layers.Count);
            Assert.True(ram.MaxTableLog >= spec.Layers.Max(l => l.TableLog ?? spec.TableLog));
        }
        foreach (var layer in spec.Layers) Check(spec, layer);
    }

    private static void Check(DecoderSpec spec, LayerSpec layer)
    {
        Assert.Matches(Identifier(), layer.Name);
        Assert.InRange(layer.Bits, DecoderSpec.MinBits, DecoderSpec.MaxBits);
        if (layer.TableLog is { } log) Assert.InRange(log, DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog);
        if (layer.Step is { } step) Assert.True(double.IsFinite(step) && step > 0);
        if (layer.DeadZone is { } zone) Assert.True(double.IsFinite(zone) && zone >= SpecLimits.MinDeadZone && layer.Source is FileSource);
        switch (layer.Source)
        {
            case FrequencySource f:
                Assert.Equal(layer.Levels, f.Frequencies.Count);
                Assert.All(f.Frequencies, c => Assert.InRange(c, 0, SpecLimits.MaxFrequency));
                Assert.Contains(f.Frequencies, c => c > 0);
                Assert.InRange(f.Count, 1, SpecLimits.MaxLayerWeights);
                if (spec.Coder == CoderKind.Tans)
                    Assert.True(f.Frequencies.Count(c => c > 0) <= 1 << (layer.TableLog ?? spec.TableLog));
                break;
            case DistributionSource d:
                Assert.True(Enum.IsDefined(d.Kind));
                Assert.True(double.IsFinite(d.Scale) && d.Scale > 0);
                Assert.InRange(d.Count, 1, SpecLimits.MaxLayerWeights);
                break;
            case FileSource s:
                Assert.False(string.IsNullOrEmpty(s.File));
                Assert.False(string.IsNullOrEmpty(s.Tensor));
                break;
            default:
                Assert.Fail($"layer {layer.Name} has no source");
                break;
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex Identifier();
}
