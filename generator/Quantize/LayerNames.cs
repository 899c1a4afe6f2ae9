using System.Text;

namespace DecoderHw.Quantize;

/// <summary>Layer names for a spec from tensor names: lowercase identifiers of at most
/// <see cref="MaxLength"/> characters (letters, digits, underscore, not starting with a digit) because they become Verilog and C# names, unique within the spec. The
/// original tensor name stays in <c>source.tensor</c>.</summary>
public static class LayerNames
{
    /// <summary>The spec's limit on a name (docs/spec.md).</summary>
    public const int MaxLength = 64;

    /// <summary>Room left for a "_NN" suffix that makes a truncated name unique.</summary>
    private const int BaseLength = MaxLength - 4;

    public static IReadOnlyList<string> Assign(IEnumerable<string> tensorNames)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (string tensor in tensorNames)
        {
            string baseName = Sanitize(tensor);
            string name = baseName;
            for (int n = 2; !used.Add(name); n++) name = $"{baseName}_{n}";
            names.Add(name);
        }
        return names;
    }

    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            // Lowercase: the spec's names are Verilog identifiers in one case (ONNX exports say "Parameter10").
            char d = char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_';
            // Runs of separators ("a.b/c" or "a..b") collapse to one underscore.
            if (d != '_' || sb.Length == 0 || sb[^1] != '_') sb.Append(d);
        }
        string name = sb.ToString().Trim('_');
        if (name.Length == 0) return "layer";
        name = char.IsAsciiDigit(name[0]) ? "t_" + name : name;
        return name.Length <= BaseLength ? name : name[..BaseLength].TrimEnd('_');
    }
}
