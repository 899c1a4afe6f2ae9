using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>One mapping of the spec with a fixed set of allowed keys and its field path
/// (<c>layers[2]</c>): finds fields, reports missing and unknown ones.</summary>
internal sealed class MappingFields
{
    private readonly YamlMapping mapping;
    private readonly SpecErrorSink errors;

    private MappingFields(YamlMapping mapping, string path, SpecErrorSink errors)
    {
        this.mapping = mapping;
        Path = path;
        this.errors = errors;
    }

    public string Path { get; }

    public TextPosition Start => mapping.Start;

    /// <summary>Null (with an error, unless the node already had one) when the node is not a mapping.
    /// Unknown keys are reported here, once, with the allowed keys and the nearest match.</summary>
    public static MappingFields? Open(YamlNode node, string path, SpecErrorSink errors, string what, IReadOnlyList<string> allowed)
    {
        if (node is YamlBroken) return null;
        if (node is not YamlMapping mapping)
        {
            errors.Add(node.Start, path, $"{what} must be a mapping with keys {string.Join(", ", allowed)}; got {ValueReader.Describe(node)}");
            return null;
        }
        var fields = new MappingFields(mapping, path, errors);
        foreach (var entry in mapping.Entries.Where(e => !allowed.Contains(e.Key.Value)))
        {
            var key = entry.Key.Value;
            var hint = NearestKey(key, allowed) is { } near ? $" (did you mean '{near}'?)" : "";
            errors.Add(entry.Key.Start, fields.PathOf(ValueReader.Shorten(key)),
                $"unknown key{hint}; allowed: {string.Join(", ", allowed)}");
        }
        return fields;
    }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Present, even with a null value.</summary>
    public bool Has(string key) => Entry(key) is not null;

    public YamlScalar? KeyNode(string key) => Entry(key)?.Key;

    /// <summary>The value, or null when the key is absent or its value is YAML null (both mean "use the default").</summary>
    public YamlNode? Optional(string key) =>
        Entry(key)?.Value is { } value && value is not YamlScalar { IsNull: true } ? value : null;

    /// <summary>The value, or null after reporting that it is missing or empty.</summary>
    public YamlNode? Required(string key)
    {
        var entry = Entry(key);
        if (entry is null)
        {
            errors.Add(Start, PathOf(key), "required field is missing");
            return null;
        }
        if (entry.Value is YamlScalar { IsNull: true })
        {
            errors.Add(entry.Key.Start, PathOf(key), "required field has no value");
            return null;
        }
        return entry.Value;
    }

    private YamlEntry? Entry(string key) => mapping.Entries.FirstOrDefault(e => e.Key.Value == key);

    /// <summary>Catches typos like 'tabel_log': an allowed key within two edits, if there is one.</summary>
    private static string? NearestKey(string key, IReadOnlyList<string> allowed) =>
        allowed.Select(a => (Key: a, Distance: EditDistance(key, a)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64) return int.MaxValue;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
