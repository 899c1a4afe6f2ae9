using System.Text.RegularExpressions;

namespace DecoderHw.Sizing;

/// <summary>Picks the lines of a tool's log that explain a failure, so the user sees the tool's own
/// words (yosys "ERROR: ...", nextpnr "ERROR: Unable to place ...", verilator "%Error") without
/// opening the log.</summary>
public static partial class ToolErrorLines
{
    public const int MaxLines = 12;

    /// <summary>Error lines if the tool printed any, else the last lines it printed.</summary>
    public static IReadOnlyList<string> Extract(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var errors = lines.Where(l => ErrorPattern().IsMatch(l)).Distinct().Take(MaxLines).ToList();
        if (errors.Count > 0) return errors;
        return lines.Where(l => l.Trim().Length > 0).TakeLast(MaxLines).ToList();
    }

    [GeneratedRegex(@"(^|\s|:)(ERROR|Error|FATAL|%Error)\b|\berror:", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorPattern();
}
