using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Reads <c>ram_limits</c> for a <c>tables: ram</c> decoder. A limit left out defaults to
/// what the spec's own layers need, so the smallest decoder that runs this model is the default.</summary>
internal sealed class RamLimitsReader(SpecErrorSink errors, ValueReader values)
{
    public static readonly IReadOnlyList<string> Keys = ["max_table_log", "max_bits", "max_layers", "max_weights"];

    /// <param name="layers">Null when the layers had errors: limits are then only type-checked.</param>
    public RamLimits? Read(MappingFields spec, TableMode tables, IReadOnlyList<LayerSpec>? layers, int tableLog)
    {
        if (tables != TableMode.Ram)
        {
            if (spec.Has("ram_limits"))
                errors.Add(spec.KeyNode("ram_limits")!.Start, "ram_limits", "applies only to tables: ram");
            return null;
        }

        var fields = spec.Optional("ram_limits") is { } node
            ? MappingFields.Open(node, "ram_limits", errors, "ram_limits", Keys)
            : null;
        var maxTableLog = Limit(fields, "max_table_log", DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog,
            layers?.Max(l => l.TableLog ?? tableLog), "the largest table_log of the layers");
        var maxBits = Limit(fields, "max_bits", DecoderSpec.MinBits, DecoderSpec.MaxBits,
            layers?.Max(l => l.Bits), "the widest layer's bits");
        var maxLayers = Limit(fields, "max_layers", 1, SpecLimits.MaxLayers, layers?.Count, "the number of layers");
        // A tensor file's size is known only once it is read: then the default (and the check of a given
        // limit) waits for the model (ModelResolver).
        int? largestLayer = layers is null || layers.Any(l => l.Source is FileSource) ? null : layers.Max(LayerWeights);
        bool weightsKnown = layers is not null && largestLayer is not null;
        var maxWeights = Limit(fields, "max_weights", 1, SpecLimits.MaxLayerWeights, largestLayer, "the largest layer's count");
        bool maxWeightsBad = fields?.Optional("max_weights") is not null && maxWeights is null;
        if (maxTableLog is null || maxBits is null || maxLayers is null || maxWeightsBad || (weightsKnown && maxWeights is null))
            return null;
        return new RamLimits(maxTableLog.Value, maxBits.Value, maxLayers.Value, maxWeights);
    }

    private static int LayerWeights(LayerSpec layer) => layer.Source switch
    {
        FrequencySource f => f.Count,
        DistributionSource d => d.Count,
        _ => 0,
    };

    private int? Limit(MappingFields? fields, string key, int min, int max, int? needed, string neededWhat)
    {
        if (fields?.Optional(key) is not { } node) return needed;
        var value = values.Int(node, fields.PathOf(key), min, max);
        if (value is null || needed is null || value >= needed) return value;
        errors.Add(node.Start, fields.PathOf(key), $"must be at least {needed}, {neededWhat}, got {value}");
        return null;
    }
}
