using System.Globalization;

namespace DecoderHw.Sweep;

/// <summary>Parses sweep axis values: "1,2,4,8", "8..12", or a mix such as "5,8..10,12".</summary>
public static class IntList
{
    public static IReadOnlyList<int> Parse(string text, string option)
    {
        var values = new List<int>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int dots = raw.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                values.Add(Int(raw, option));
                continue;
            }
            int from = Int(raw[..dots], option), to = Int(raw[(dots + 2)..], option);
            if (to < from) throw new Cli.UserErrorException($"{option}: range '{raw}' runs backwards");
            values.AddRange(Enumerable.Range(from, to - from + 1));
        }
        if (values.Count == 0) throw new Cli.UserErrorException($"{option}: no values");
        return values.Distinct().Order().ToList();
    }

    private static int Int(string s, string option) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new Cli.UserErrorException($"{option}: '{s}' is not a whole number (expected a list like 1,2,4,8 or a range like 8..12)");
}
