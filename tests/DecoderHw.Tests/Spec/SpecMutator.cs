using System.Text;

namespace DecoderHw.Tests.Spec;

/// <summary>The kinds of damage the spec fuzz test does to a valid spec.</summary>
public enum MutationKind
{
    RemoveLine,
    ReplaceValue,
    HugeOrNegativeNumber,
    InsertUnknownKey,
    DuplicateLine,
    DuplicateLayerName,
    SwapLines,
    Reindent,
    InsertYamlSyntax,
    InjectBadBytes,
    FlipBit,
    Truncate,
}

/// <summary>One mutation; A and B pick the place and the replacement, so a case prints and replays exactly.</summary>
public readonly record struct Mutation(MutationKind Kind, int A, int B)
{
    public override string ToString() => $"{Kind}({A}, {B})";
}

/// <summary>Applies mutations to spec bytes. Works on byte lines, so it keeps going after an earlier
/// mutation has made the text invalid UTF-8.</summary>
public static class SpecMutator
{
    private static readonly string[] WrongValues =
    [
        "abc", "\"4\"", "'x'", "[1, 2]", "{a: 1}", "-1", "0", "~", "", "true", "1.5", ".inf", "-.inf", ".nan", "1e999",
        "99999999999999999999", "*nope", "&anchor 3", "!!int 3", "[", "{", "\"unterminated", "|\n  block", ">", "- item",
        "null", "laplace", "0x10", "[1, 2, 3, 4, 5, 6, 7]", "{laplace: -1}", "{gaussian: 2, laplace: 1}",
        "{file: x.npy, tensor: t}", "{0: 1}", "{-1: 1, 1: 1, +1: 2}", "ram", "huffman", "raw", "[0, 0, 0]", "Conv-1", "_x",
        "a" + new string('b', 200), "\"\\u0000\"", "[[[[[[", "0.5", "12", "5", "8", "2", "16", "256",
    ];

    private static readonly string[] Numbers =
    [
        "-1", "0", "-0", "1", "99999999999999999999999999999", "-9223372036854775809", "18446744073709551616",
        "18446744073709551615", "2147483648", "-2147483649", "100000001", "1e308", "1e-320", "0x", "0xFFFFFFFFFFFFFFFFFF",
        "1_", "_1", "1__0", "+5", "007", "4096", "13", "4", "9", "17", "257", "7", "0.49",
    ];

    private static readonly string[] UnknownKeys =
        ["bogus", "bitz", "tabel_log", "Name", "layers", "count", "seed", "frequencies", "source", "<<", "\"quoted key\"", "1"];

    private static readonly string[] Syntax =
    [
        "[", "]", "{", "}", "&a ", "*a", "!!str ", "!custom ", "? ", "---\n", "...\n", "|", ">", "'", "\"", "#", ": ", "- ",
        "%YAML 1.2\n", "\t", ",", "\n", "\r", "@", "`", "\u00e9", "\u2028", "\uFEFF",
    ];

    private static readonly byte[][] BadBytes =
    [
        [0xFF], [0xFE], [0xC3], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        [0x00], [0x01], [0x7F], [0x1B],
    ];

    public static byte[] Apply(byte[] spec, IEnumerable<Mutation> mutations) =>
        mutations.Aggregate(spec, (bytes, m) => Apply(bytes, m));

    public static byte[] Apply(byte[] spec, Mutation m)
    {
        var lines = SplitLines(spec);
        var line = lines.Count == 0 ? 0 : m.A % lines.Count;
        switch (m.Kind)
        {
            case MutationKind.RemoveLine when lines.Count > 0:
                lines.RemoveAt(line);
                return JoinLines(lines);
            case MutationKind.ReplaceValue when lines.Count > 0:
                lines[line] = ReplaceValue(lines[line], Pick(WrongValues, m.B));
                return JoinLines(lines);
            case MutationKind.HugeOrNegativeNumber when lines.Count > 0:
                lines[line] = ReplaceNumber(lines[line], Pick(Numbers, m.B), m.A);
                return JoinLines(lines);
            case MutationKind.InsertUnknownKey:
                lines.Insert(line, Indent(lines.ElementAtOrDefault(line) ?? []).Concat(Ascii($"{Pick(UnknownKeys, m.B)}: 1")).ToArray());
                return JoinLines(lines);
            case MutationKind.DuplicateLine when lines.Count > 0:
                lines.Insert(line, lines[line]);
                return JoinLines(lines);
            case MutationKind.DuplicateLayerName:
                return DuplicateLayerName(lines, m.A, m.B);
            case MutationKind.SwapLines when lines.Count > 1:
                (lines[line], lines[m.B % lines.Count]) = (lines[m.B % lines.Count], lines[line]);
                return JoinLines(lines);
            case MutationKind.Reindent when lines.Count > 0:
                var shift = m.B % 7 - 3;
                lines[line] = shift >= 0
                    ? Ascii(new string(' ', shift)).Concat(lines[line]).ToArray()
                    : lines[line].Skip(Math.Min(-shift, Indent(lines[line]).Length)).ToArray();
                return JoinLines(lines);
            case MutationKind.InsertYamlSyntax:
                return Insert(spec, m.A, Encoding.UTF8.GetBytes(Pick(Syntax, m.B)));
            case MutationKind.InjectBadBytes:
                return Insert(spec, m.A, Pick(BadBytes, m.B));
            case MutationKind.FlipBit when spec.Length > 0:
                var flipped = (byte[])spec.Clone();
                flipped[m.A % spec.Length] ^= (byte)(1 << (m.B % 8));
                return flipped;
            case MutationKind.Truncate:
                return spec[..(m.A % (spec.Length + 1))];
            default:
                return spec;
        }
    }

    private static T Pick<T>(T[] pool, int index) => pool[index % pool.Length];

    private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);

    private static List<byte[]> SplitLines(byte[] spec)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= spec.Length; i++)
        {
            if (i < spec.Length && spec[i] != (byte)'\n') continue;
            lines.Add(spec[start..i]);
            start = i + 1;
        }
        return lines;
    }

    private static byte[] JoinLines(List<byte[]> lines) =>
        lines.SelectMany((l, i) => i == 0 ? l : [(byte)'\n', .. l]).ToArray();

    private static byte[] Indent(byte[] line) => line.TakeWhile(b => b == (byte)' ').ToArray();

    private static byte[] Insert(byte[] spec, int at, byte[] what)
    {
        var i = at % (spec.Length + 1);
        return [.. spec[..i], .. what, .. spec[i..]];
    }

    /// <summary>Replaces what follows the first ": " (a mapping value) or "- " (a list item).</summary>
    private static byte[] ReplaceValue(byte[] line, string value)
    {
        var text = Encoding.Latin1.GetString(line);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var cut = colon >= 0 ? colon + 2 : text.IndexOf("- ", StringComparison.Ordinal) is var dash and >= 0 ? dash + 2 : text.Length;
        return [.. line[..cut], .. Encoding.UTF8.GetBytes(value)];
    }

    /// <summary>Replaces one run of digits (chosen by <paramref name="which"/>) with <paramref name="number"/>.</summary>
    private static byte[] ReplaceNumber(byte[] line, string number, int which)
    {
        var runs = new List<(int Start, int End)>();
        for (var i = 0; i < line.Length; i++)
        {
            if (!char.IsAsciiDigit((char)line[i])) continue;
            var start = i;
            while (i < line.Length && (char.IsAsciiDigit((char)line[i]) || line[i] == (byte)'.')) i++;
            runs.Add((start, i));
        }
        if (runs.Count == 0) return line;
        var (s, e) = runs[which % runs.Count];
        return [.. line[..s], .. Encoding.UTF8.GetBytes(number), .. line[e..]];
    }

    /// <summary>Gives one layer the name of another (the first "name:" line is the spec's own name).</summary>
    private static byte[] DuplicateLayerName(List<byte[]> lines, int a, int b)
    {
        var names = lines.Select((l, i) => (Text: Encoding.Latin1.GetString(l), Index: i))
            .Where(l => l.Text.Contains("name: ", StringComparison.Ordinal) && l.Text.StartsWith(' '))
            .ToList();
        if (names.Count < 2) return JoinLines(lines);
        var from = names[a % names.Count];
        var to = names[b % names.Count];
        var fromName = ValueAfter(from.Text, "name: ");
        var toName = ValueAfter(to.Text, "name: ");
        lines[to.Index] = Encoding.Latin1.GetBytes(to.Text.Replace("name: " + toName, "name: " + fromName, StringComparison.Ordinal));
        return JoinLines(lines);
    }

    private static string ValueAfter(string text, string key)
    {
        var start = text.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var end = text.IndexOfAny([',', '}', ' ', '#'], start);
        return end < 0 ? text[start..] : text[start..end];
    }
}
