using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Reads the <c>layers</c> list: each layer's fields, and names unique across layers.</summary>
/// <param name="tans">The coder is tANS or rANS, whose table gives every present level at least one slot.</param>
/// <param name="defaultTableLog">The spec's table_log, or null when it was invalid.</param>
internal sealed class LayerReader(SpecErrorSink errors, ValueReader values, WeightSourceReader sources, bool tans, int? defaultTableLog)
{
    public static readonly IReadOnlyList<string> Keys =
        ["name", "bits", "table_log", "step", "dead_zone", .. WeightSourceReader.SourceKeys, "count", "seed"];

    /// <summary>All layers, or null if any of them has an error (each is still checked, to report everything).</summary>
    public IReadOnlyList<LayerSpec>? ReadAll(YamlNode node, string path)
    {
        if (node is YamlBroken) return null;
        if (node is not YamlSequence list)
        {
            errors.Add(node.Start, path, $"must be a list of layers, got {ValueReader.Describe(node)}");
            return null;
        }
        if (list.Items.Count is 0 or > SpecLimits.MaxLayers)
        {
            errors.Add(node.Start, path, $"must list 1..{SpecLimits.MaxLayers} layers, got {list.Items.Count}");
            return null;
        }

        var layers = new List<LayerSpec>();
        var firstByName = new Dictionary<string, TextPosition>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var (layer, nameNode) = ReadLayer(list.Items[i], $"{path}[{i}]");
            if (layer is null) ok = false;
            else layers.Add(layer);
            var name = layer?.Name ?? (nameNode as YamlScalar)?.Value;
            if (name is null || nameNode is null) continue;
            if (firstByName.TryGetValue(name, out var first))
            {
                errors.Add(nameNode.Start, $"{path}[{i}].name", $"duplicate layer name '{ValueReader.Shorten(name)}' (first at {YamlTreeReader.Where(first, nameNode.Start)})");
                ok = false;
            }
            else firstByName.Add(name, nameNode.Start);
        }
        return ok ? layers : null;
    }

    private (LayerSpec? Layer, YamlNode? NameNode) ReadLayer(YamlNode node, string path)
    {
        var fields = MappingFields.Open(node, path, errors, "a layer", Keys);
        if (fields is null) return (null, null);

        var nameNode = fields.Required("name");
        var name = nameNode is null ? null : values.Identifier(nameNode, fields.PathOf("name"));
        var bitsNode = fields.Required("bits");
        var bits = bitsNode is null ? null : values.Int(bitsNode, fields.PathOf("bits"), DecoderSpec.MinBits, DecoderSpec.MaxBits);
        var tableLog = ReadOptional(fields, "table_log", (n, p) => values.Int(n, p, DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog));
        var step = ReadOptional(fields, "step", (n, p) =>
            values.Number(n, p, WeightSourceReader.IsPositiveFinite, "a positive finite number"));
        var deadZone = ReadOptional(fields, "dead_zone", (n, p) =>
            values.Number(n, p, v => double.IsFinite(v) && v >= SpecLimits.MinDeadZone, $"a finite number >= {SpecLimits.MinDeadZone} (steps)"));
        var source = sources.Read(fields, bits);

        var consistent = true;
        if (fields.Has("dead_zone") && source is not (null or FileSource))
        {
            errors.Add(fields.KeyNode("dead_zone")!.Start, fields.PathOf("dead_zone"),
                "applies only to real weights ('source'); synthetic layers round to the nearest level");
            consistent = false;
        }
        if (tans && source is FrequencySource frequencies && !tableLog.Failed && (tableLog.Value ?? defaultTableLog) is { } log)
        {
            var present = frequencies.Frequencies.Count(c => c > 0);
            if (present > 1 << log)
            {
                errors.Add(fields.Optional("frequencies")!.Start, fields.PathOf("frequencies"),
                    $"has {present} levels with a non-zero count, more than the {1 << log} slots of table_log {log}; raise table_log");
                consistent = false;
            }
        }

        var complete = consistent && name is not null && bits is not null && source is not null
            && !tableLog.Failed && !step.Failed && !deadZone.Failed;
        return (complete ? new LayerSpec(name!, bits!.Value, tableLog.Value, source!, step.Value, deadZone.Value) : null, nameNode);
    }

    /// <summary>An optional field: Value null and Failed false means "left out".</summary>
    private readonly record struct OptionalValue<T>(T? Value, bool Failed) where T : struct;

    private static OptionalValue<T> ReadOptional<T>(MappingFields fields, string key, Func<YamlNode, string, T?> read) where T : struct
    {
        if (fields.Optional(key) is not { } node) return new OptionalValue<T>(null, false);
        var value = read(node, fields.PathOf(key));
        return new OptionalValue<T>(value, value is null);
    }
}
