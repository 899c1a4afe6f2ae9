using DecoderHw.Spec;
using DecoderHw.Tans;
using DecoderHw.Weights;

namespace DecoderHw.Model;

/// <summary>spec -> resolved model: draws or loads every layer's weights and builds its tables.</summary>
public static class ModelResolver
{
    public static ResolvedModel Resolve(DecoderSpec spec, CancellationToken cancellation = default)
    {
        string specDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.SourcePath)) ?? ".";
        CheckTotalWeights(spec, specDirectory);
        var layers = new ResolvedLayer[spec.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            layers[i] = ResolveLayer(spec, i, specDirectory);
        }
        return new ResolvedModel(WithWeightLimit(spec, layers), Grouping.TableGrouper.Apply(spec, layers, cancellation));
    }

    /// <summary>Up front, from the counts and the tensor files' headers alone: a spec over
    /// <see cref="SpecLimits.MaxTotalWeights"/> fails in a second instead of running out of memory.</summary>
    /// <returns>The spec's weights over all layers.</returns>
    public static long CheckTotalWeights(DecoderSpec spec, string specDirectory)
    {
        long total = 0;
        foreach (var layer in spec.Layers)
        {
            total += layer.Source switch
            {
                FrequencySource f => f.Count,
                DistributionSource d => d.Count,
                FileSource file => WeightCatalog.Find(Path.Combine(specDirectory, file.File), file.Tensor).ElementCount,
                _ => 0,
            };
            if (total > SpecLimits.MaxTotalWeights)
                throw new Cli.UserErrorException(
                    $"{spec.SourcePath}: layers: more than {SpecLimits.MaxTotalWeights:N0} weights in one spec (reached at layer '{layer.Name}'); split the model into several specs");
        }
        return total;
    }

    /// <summary>tables: ram: ram_limits.max_weights defaults to the largest layer, which for a tensor file is
    /// known only now; a limit below a layer is the user's error.</summary>
    private static DecoderSpec WithWeightLimit(DecoderSpec spec, ResolvedLayer[] layers)
    {
        if (spec.RamLimits is not { } limits) return spec;
        int largest = layers.Max(l => l.WeightCount);
        if (limits.MaxWeights is { } max && max < largest)
            throw new Cli.UserErrorException(
                $"{spec.SourcePath}: ram_limits.max_weights is {max}, but layer '{layers.First(l => l.WeightCount == largest).Name}' has {largest} weights");
        return limits.MaxWeights is null ? spec with { RamLimits = limits with { MaxWeights = largest } } : spec;
    }

    public static ResolvedLayer ResolveLayer(DecoderSpec spec, int index, string specDirectory)
    {
        var layer = spec.Layers[index];
        int[] levels = layer.Source switch
        {
            FrequencySource f => WeightSynthesizer.FromFrequencies(f, layer.MaxLevel),
            DistributionSource d => WeightSynthesizer.FromDistribution(d, layer.MaxLevel),
            FileSource file => TensorLevels.Load(file, layer, specDirectory),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"unknown weight source {layer.Source.GetType().Name}"),
        };
        var resolved = FromLevels(index, layer, levels, layer.TableLog ?? spec.TableLog, TableLogChooser.For(spec));
        return spec.Coder switch
        {
            CoderKind.Huffman => WithHuffman(resolved, layer, spec.HuffmanMaxLength),
            CoderKind.Rans => WithRans(resolved, layer, spec),
            _ => resolved,
        };
    }

    /// <summary>Adds the layer's canonical code; the length limit is raised, as table_log is, just
    /// enough for every present symbol to get a code.</summary>
    public static ResolvedLayer WithHuffman(ResolvedLayer resolved, LayerSpec layer, int maxLength)
    {
        var counts = layer.Source is FrequencySource f ? f.Frequencies.ToArray() : resolved.Counts;
        int present = counts.Count(c => c > 0);
        int limit = present <= 1 ? maxLength : Math.Max(maxLength, TableBuilder.HighBit(present - 1) + 1);
        return resolved with { Huffman = Huffman.LayerHuffmanCode.FromCounts(counts, limit) };
    }

    /// <summary>Adds the layer's rANS table, from the same counts as the tANS table (the spec's frequencies
    /// when given) at the same effective table_log. With tables: rom, rans_state_bits is the decoder's
    /// widest state and each layer takes the state bits (0..that) that make it smallest: an extra state bit
    /// costs one bit of initial state per lane, which outweighs its precision on a small layer. A ram
    /// stream does not carry the state bits, so every layer there uses the spec's.</summary>
    public static ResolvedLayer WithRans(ResolvedLayer resolved, LayerSpec layer, DecoderSpec spec)
    {
        var counts = layer.Source is FrequencySource f ? f.Frequencies.ToArray() : resolved.Counts;
        var table = Rans.RansTableBuilder.Build(counts, resolved.TableLog, spec.RansStateBits);
        int lanes = spec.Lanes * spec.StatesPerLane;
        if (spec.Tables == TableMode.Rom && resolved.TableLog > 0 && resolved.WeightCount <= SmallLayerWeightsPerLane * lanes)
        {
            long best = Codec.RansStreamEncoder.LayerBits(resolved.Levels, resolved.MaxLevel, table, lanes);
            for (int bits = spec.RansStateBits - 1; bits >= 0; bits--)
            {
                var narrower = Rans.RansTableBuilder.Build(counts, resolved.TableLog, bits);
                long size = Codec.RansStreamEncoder.LayerBits(resolved.Levels, resolved.MaxLevel, narrower, lanes);
                if (size < best) (best, table) = (size, narrower);
            }
        }
        return resolved with { Rans = table };
    }

    /// <summary>Above this many weights per lane a layer keeps the spec's state bits without trying fewer:
    /// one state bit per lane is then under 1/4096 of a bit per weight.</summary>
    public const int SmallLayerWeightsPerLane = 4096;

    /// <summary>Builds a layer from its levels. A spec'd frequency table is the layer's symbol
    /// statistics as the user stated them; otherwise the table follows the drawn weights.</summary>
    /// <param name="chooser">table_log_mode by_size or best; null keeps the requested table_log.</param>
    public static ResolvedLayer FromLevels(int index, LayerSpec layer, int[] levels, int requestedTableLog, TableLogChooser? chooser = null)
    {
        var counts = SymbolCounts(levels, layer.Bits);
        var tableCounts = layer.Source is FrequencySource f ? f.Frequencies.ToArray() : counts;
        int tableLog = chooser is null ? EffectiveTableLog(tableCounts, requestedTableLog)
            : chooser.Choose(counts, tableCounts, requestedTableLog, layer.Bits);
        return new ResolvedLayer(index, layer.Name, layer.Bits, tableLog, levels, counts,
            TableBuilder.Build(tableCounts, tableLog), layer.Step);
    }

    public static long[] SymbolCounts(int[] levels, int bits)
    {
        int maxLevel = (1 << (bits - 1)) - 1;
        var counts = new long[(1 << bits) - 1];
        foreach (int level in levels)
        {
            if (level < -maxLevel || level > maxLevel)
                throw new ArgumentOutOfRangeException(nameof(levels), $"level {level} outside +-{maxLevel} for {bits} bits");
            counts[level + maxLevel]++;
        }
        return counts;
    }

    /// <summary>0 for a single present symbol (a one-slot table, no bits read); otherwise the requested
    /// table_log, raised just enough to give every present symbol a slot.</summary>
    public static int EffectiveTableLog(IReadOnlyList<long> counts, int requested)
    {
        int present = counts.Count(c => c > 0);
        if (present <= 1) return 0;
        int needed = TableBuilder.HighBit(present - 1) + 1;
        return Math.Max(requested, needed);
    }
}
