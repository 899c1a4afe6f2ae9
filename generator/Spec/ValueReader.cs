using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Reads one typed value from a node, or reports why it cannot and returns null.
/// Messages follow one pattern: "must be WHAT, got WHAT-WAS-WRITTEN".</summary>
internal sealed partial class ValueReader(SpecErrorSink errors)
{
    public const int MaxIdentifierLength = 64;

    public int? Int(YamlNode node, string field, int min, int max) => (int?)Integer(node, field, min, max);

    public long? Long(YamlNode node, string field, long min, long max) => (long?)Integer(node, field, min, max);

    public ulong? UInt64(YamlNode node, string field) => (ulong?)Integer(node, field, ulong.MinValue, ulong.MaxValue);

    /// <summary>An int or float scalar that passes <paramref name="accept"/>; <paramref name="requirement"/>
    /// completes "must be ...". Infinities and NaN reach <paramref name="accept"/>, which should reject them.</summary>
    public double? Number(YamlNode node, string field, Func<double, bool> accept, string requirement)
    {
        if (node is YamlBroken) return null;
        if (node is not YamlScalar { Kind: ScalarKind.Int or ScalarKind.Float } scalar)
        {
            errors.Add(node.Start, field, $"must be {requirement}, got {Describe(node)}");
            return null;
        }
        var value = CoreSchema.ParseNumber(scalar.Value);
        if (accept(value)) return value;
        errors.Add(node.Start, field, $"must be {requirement}, got {Describe(node)}");
        return null;
    }

    /// <summary>A non-empty string. Plain scalars that YAML reads as numbers, booleans or null are
    /// refused: a file named 2024 must be written "2024", as YAML itself would insist elsewhere.</summary>
    public string? Text(YamlNode node, string field)
    {
        if (node is YamlBroken) return null;
        if (node is YamlScalar { Kind: ScalarKind.String, Value.Length: > 0 } scalar) return scalar.Value;
        errors.Add(node.Start, field, $"must be a non-empty string, got {Describe(node)}");
        return null;
    }

    /// <summary>A name that is safe as a Verilog identifier prefix and as a folder name on any OS.</summary>
    public string? Identifier(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null) return null;
        if (text.Length <= MaxIdentifierLength && IdentifierPattern().IsMatch(text)) return text;
        errors.Add(node.Start, field,
            $"must be a lowercase identifier ([a-z_][a-z0-9_]*, at most {MaxIdentifierLength} characters), got {Describe(node)}");
        return null;
    }

    public T? Choice<T>(YamlNode node, string field, IReadOnlyList<(string Name, T Value)> choices) where T : struct
    {
        if (node is YamlBroken) return null;
        if (node is YamlScalar { Kind: ScalarKind.String } scalar)
            foreach (var (name, value) in choices)
                if (name == scalar.Value) return value;
        errors.Add(node.Start, field, $"must be one of {string.Join(", ", choices.Select(c => c.Name))}, got {Describe(node)}");
        return null;
    }

    private BigInteger? Integer(YamlNode node, string field, BigInteger min, BigInteger max)
    {
        if (node is YamlBroken) return null;
        if (node is not YamlScalar { Kind: ScalarKind.Int } scalar)
        {
            errors.Add(node.Start, field, $"must be an integer, got {Describe(node)}");
            return null;
        }
        var value = CoreSchema.ParseInt(scalar.Value);
        if (value >= min && value <= max) return value;
        errors.Add(node.Start, field, $"must be {Range(min, max)}, got {Describe(node)}");
        return null;
    }

    private static string Range(BigInteger min, BigInteger max) =>
        min == 0 && max == ulong.MaxValue ? "an unsigned 64-bit integer (0..2^64-1)"
        : string.Create(CultureInfo.InvariantCulture, $"{min}..{max}");

    /// <summary>How a node was written, short and on one line, for "got ..." in messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlSequence => "a list",
        YamlMapping => "a mapping",
        YamlScalar { Kind: ScalarKind.Null } => "no value",
        YamlScalar { Kind: ScalarKind.Bool } s => $"the boolean {s.Value}",
        YamlScalar { IsPlain: false } s when CoreSchema.Classify(s with { IsPlain = true }) is ScalarKind.Int or ScalarKind.Float =>
            $"the quoted string \"{Shorten(s.Value)}\" (numbers are written without quotes)",
        YamlScalar { IsPlain: false } s => $"the quoted string \"{Shorten(s.Value)}\"",
        YamlScalar { Kind: ScalarKind.String } s => $"'{Shorten(s.Value)}'",
        YamlScalar s => Shorten(s.Value),
        _ => "an unreadable value",
    };

    /// <summary>Keeps messages one line and readable whatever bytes the user's file holds.</summary>
    public static string Shorten(string text, int max = 40)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
            sb.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        if (text.Length > max) sb.Append("...");
        return sb.ToString();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
