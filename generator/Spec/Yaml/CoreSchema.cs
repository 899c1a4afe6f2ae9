using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace DecoderHw.Spec.Yaml;

internal enum ScalarKind { Null, Bool, Int, Float, String }

/// <summary>What a scalar means under the YAML 1.2 core schema, plus '_' digit separators and 0x hex
/// for integers (so <c>count: 1_048_576</c> and <c>seed: 0xC0FFEE</c> read naturally).</summary>
internal static partial class CoreSchema
{
    public static ScalarKind Classify(YamlScalar scalar)
    {
        if (!scalar.IsPlain) return ScalarKind.String;
        var v = scalar.Value;
        if (v is "" or "~" or "null" or "Null" or "NULL") return ScalarKind.Null;
        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE") return ScalarKind.Bool;
        if (DecimalInt().IsMatch(v) || HexInt().IsMatch(v)) return ScalarKind.Int;
        if (Float().IsMatch(v) || Special().IsMatch(v)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    /// <summary>The exact value of an integer scalar: BigInteger, so 99999999999999999999 becomes a
    /// range error instead of an overflow.</summary>
    public static BigInteger ParseInt(string text)
    {
        if (HexInt().IsMatch(text))
            return BigInteger.Parse("0" + text[2..].Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        return BigInteger.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>Any int or float scalar as a double; too large a value becomes infinity, which callers reject.</summary>
    public static double ParseNumber(string text)
    {
        if (DecimalInt().IsMatch(text) || HexInt().IsMatch(text)) return (double)ParseInt(text);
        return text.TrimStart('+', '-').ToLowerInvariant() switch
        {
            ".inf" => text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity,
            ".nan" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"^[-+]?[0-9](_?[0-9])*$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^0x[0-9a-fA-F](_?[0-9a-fA-F])*$")]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Special();
}
