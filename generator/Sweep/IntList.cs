using System.Globalization;

namespace DecoderHw.Sweep;

/// <summary>Parses sweep axis values: "1,2,4,8", "8..12", or a mix such as "5,8..10,12". Every value
/// and range end is checked against the option's bounds before a range is expanded, so a typo such as
/// 1..2000000000 costs nothing, and an error names at most <see cref="ListedOffenders"/> values.</summary>
public static class IntList
{
    public const int ListedOffenders = 4;

    public static IReadOnlyList<int> Parse(string text, string option, int min = 0, int max = int.MaxValue)
    {
        var items = new List<(int From, int To, string Raw)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int dots = raw.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                int v = Int(raw, option);
                items.Add((v, v, raw));
                continue;
            }
            int from = Int(raw[..dots], option), to = Int(raw[(dots + 2)..], option);
            if (to < from) throw new Cli.UserErrorException($"{option}: range '{raw}' runs backwards");
            items.Add((from, to, raw));
        }
        var bad = items.Where(i => i.From < min || i.To > max).Select(i => i.Raw).ToList();
        if (bad.Count > 0)
        {
            string listed = string.Join(", ", bad.Take(ListedOffenders)) + (bad.Count > ListedOffenders ? $" and {bad.Count - ListedOffenders} more" : "");
            throw new Cli.UserErrorException($"{option}: must be {min}..{max}, got {listed}");
        }
        var values = items.SelectMany(i => Enumerable.Range(i.From, i.To - i.From + 1)).Distinct().Order().ToList();
        if (values.Count == 0) throw new Cli.UserErrorException($"{option}: no values");
        return values;
    }

    private static int Int(string s, string option) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new Cli.UserErrorException($"{option}: '{Shorten(s)}' is not a whole number (expected a list like 1,2,4,8 or a range like 8..12)");

    private static string Shorten(string s) => s.Length <= 24 ? s : s[..24] + "...";
}
