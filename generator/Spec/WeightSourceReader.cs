using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Reads a layer's one source of weights (frequencies, distribution or source) and the
/// <c>count</c>/<c>seed</c> that go with the synthetic ones.</summary>
/// <param name="weightsDirectory">Where relative <c>source.file</c> paths resolve; null skips the
/// existence check (text parsed without a file behind it).</param>
internal sealed class WeightSourceReader(SpecErrorSink errors, ValueReader values, string? weightsDirectory)
{
    public static readonly IReadOnlyList<string> SourceKeys = ["frequencies", "distribution", "source"];

    private static readonly IReadOnlyList<(string Name, DistributionKind Value)> Distributions =
        [("laplace", DistributionKind.Laplace), ("gaussian", DistributionKind.Gaussian)];

    /// <param name="bits">The layer's bits, or null when they were invalid (length and level checks are then skipped).</param>
    public WeightSource? Read(MappingFields layer, int? bits)
    {
        var present = SourceKeys.Where(layer.Has).OrderBy(k => layer.KeyNode(k)!.Start.Line).ThenBy(k => layer.KeyNode(k)!.Start.Column).ToList();
        if (present.Count == 0)
        {
            errors.Add(layer.Start, layer.Path, "a layer needs one source of weights: frequencies, distribution or source");
            ReadCount(layer, required: false);
            ReadSeed(layer);
            return null;
        }
        foreach (var extra in present.Skip(1))
            errors.Add(layer.KeyNode(extra)!.Start, layer.PathOf(extra),
                $"a layer has exactly one source of weights, and '{present[0]}' is already given");

        var kind = present[0];
        var source = ReadSource(layer, kind, bits);
        foreach (var extra in present.Skip(1)) ReadSource(layer, extra, bits);
        if (kind == "source")
        {
            foreach (var key in new[] { "count", "seed" }.Where(layer.Has))
                errors.Add(layer.KeyNode(key)!.Start, layer.PathOf(key),
                    "not allowed with 'source': real weights have the tensor's size and need no seed");
            return present.Count == 1 ? source : null;
        }

        var count = ReadCount(layer, required: true);
        var seed = ReadSeed(layer);
        if (present.Count > 1 || count is null || seed is null) return null;
        return source switch
        {
            FrequencySource f => f with { Count = count.Value, Seed = seed.Value },
            DistributionSource d => d with { Count = count.Value, Seed = seed.Value },
            _ => null,
        };
    }

    /// <summary>Synthetic sources come back with Count 0 and the default seed; <see cref="Read"/> fills them in.</summary>
    private WeightSource? ReadSource(MappingFields layer, string kind, int? bits)
    {
        var node = layer.Required(kind);
        if (node is null) return null;
        var path = layer.PathOf(kind);
        return kind switch
        {
            "frequencies" => ReadFrequencies(node, path, bits) is { } counts ? new FrequencySource(counts, 0, SpecDefaults.Seed) : null,
            "distribution" => ReadDistribution(node, path),
            _ => ReadFile(node, path),
        };
    }

    private int? ReadCount(MappingFields layer, bool required)
    {
        var node = required ? layer.Required("count") : layer.Optional("count");
        return node is null ? null : values.Int(node, layer.PathOf("count"), 1, SpecLimits.MaxLayerWeights);
    }

    private ulong? ReadSeed(MappingFields layer) =>
        layer.Optional("seed") is { } node ? values.UInt64(node, layer.PathOf("seed")) : SpecDefaults.Seed;

    /// <summary>Either a list of 2^bits-1 counts (index 0 = level -MaxLevel) or a mapping {level: count};
    /// levels a mapping leaves out count 0.</summary>
    private long[]? ReadFrequencies(YamlNode node, string path, int? bits)
    {
        var maxLevel = bits is { } b ? (1 << (b - 1)) - 1 : (1 << (DecoderSpec.MaxBits - 1)) - 1;
        var levels = 2 * maxLevel + 1;
        var counts = new long[levels];
        var ok = true;
        switch (node)
        {
            case YamlBroken:
                return null;
            case YamlSequence list:
                if (bits is not null && list.Items.Count != levels)
                {
                    errors.Add(node.Start, path,
                        $"must list {levels} counts for bits {bits} (levels -{maxLevel}..{maxLevel}), got {list.Items.Count}");
                    ok = false;
                }
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var count = values.Long(list.Items[i], $"{path}[{i}]", 0, SpecLimits.MaxFrequency);
                    if (count is null) ok = false;
                    else if (i < levels) counts[i] = count.Value;
                }
                break;
            case YamlMapping map:
                var seen = new Dictionary<int, YamlScalar>();
                foreach (var (key, value) in map.Entries.Select(e => (e.Key, e.Value)))
                {
                    var entryPath = $"{path}.{ValueReader.Shorten(key.Value)}";
                    var level = values.Int(key, entryPath, -maxLevel, maxLevel);
                    var count = values.Long(value, entryPath, 0, SpecLimits.MaxFrequency);
                    if (level is { } l && seen.TryGetValue(l, out var first))
                    {
                        errors.Add(key.Start, entryPath, $"level {l} is given twice (first at {YamlTreeReader.Where(first.Start, key.Start)})");
                        ok = false;
                    }
                    else if (level is { } l2) seen.Add(l2, key);
                    if (level is null || count is null) ok = false;
                    else counts[level.Value + maxLevel] = count.Value;
                }
                break;
            default:
                errors.Add(node.Start, path, $"must be a list of counts or a mapping {{level: count}}, got {ValueReader.Describe(node)}");
                return null;
        }
        if (ok && counts.All(c => c == 0))
        {
            errors.Add(node.Start, path, "at least one count must be positive");
            ok = false;
        }
        return ok && bits is not null ? counts : null;
    }

    private DistributionSource? ReadDistribution(YamlNode node, string path)
    {
        var fields = MappingFields.Open(node, path, errors, "a distribution", [.. Distributions.Select(d => d.Name)]);
        if (fields is null) return null;
        var given = Distributions.Where(d => fields.Has(d.Name))
            .OrderBy(d => fields.KeyNode(d.Name)!.Start.Line).ThenBy(d => fields.KeyNode(d.Name)!.Start.Column).ToList();
        if (given.Count == 0)
        {
            errors.Add(fields.Start, path, "must name one distribution: {laplace: SCALE} or {gaussian: SIGMA}");
            return null;
        }
        foreach (var extra in given.Skip(1))
            errors.Add(fields.KeyNode(extra.Name)!.Start, fields.PathOf(extra.Name),
                $"name exactly one distribution; '{given[0].Name}' is already given");

        DistributionSource? result = null;
        foreach (var (name, kind) in given)
        {
            var scaleNode = fields.Required(name);
            var scale = scaleNode is null ? null
                : values.Number(scaleNode, fields.PathOf(name), IsPositiveFinite, "a positive finite number (in quantization steps)");
            if (scale is { } s && given.Count == 1) result = new DistributionSource(kind, s, 0, SpecDefaults.Seed);
        }
        return result;
    }

    private FileSource? ReadFile(YamlNode node, string path)
    {
        var fields = MappingFields.Open(node, path, errors, "a weight source", ["file", "tensor"]);
        if (fields is null) return null;
        var fileNode = fields.Required("file");
        var file = fileNode is null ? null : values.Text(fileNode, fields.PathOf("file"));
        var tensorNode = fields.Required("tensor");
        var tensor = tensorNode is null ? null : values.Text(tensorNode, fields.PathOf("tensor"));
        if (file is not null && weightsDirectory is not null)
        {
            var full = Path.GetFullPath(Path.Combine(weightsDirectory, file));
            if (Directory.Exists(full)) errors.Add(fileNode!.Start, fields.PathOf("file"), $"is a folder, not a weights file: {full} (name one .safetensors or .npy file)");
            else if (!File.Exists(full)) errors.Add(fileNode!.Start, fields.PathOf("file"), $"weights file not found: {full}");
        }
        return file is null || tensor is null ? null : new FileSource(file, tensor);
    }

    public static bool IsPositiveFinite(double value) => double.IsFinite(value) && value > 0;
}
