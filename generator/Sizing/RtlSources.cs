namespace DecoderHw.Sizing;

/// <summary>The Verilog files of a generated decoder, as yosys should read them.</summary>
public static class RtlSources
{
    /// <summary>File names relative to the rtl folder (yosys runs there so <c>$readmemh</c> finds the
    /// .mem files), packages first because the modules import them, then by name for a stable order.</summary>
    public static IReadOnlyList<string> Find(string rtlDir)
    {
        if (!Directory.Exists(rtlDir)) throw new Cli.UserErrorException($"{rtlDir}: no RTL folder (run gen first)");
        var files = Directory.EnumerateFiles(rtlDir)
            .Where(f => f.EndsWith(".sv", StringComparison.Ordinal) || f.EndsWith(".v", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderBy(f => f.EndsWith("_pkg.sv", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new Cli.UserErrorException($"{rtlDir}: no .sv or .v files to synthesize");
        return files;
    }
}
