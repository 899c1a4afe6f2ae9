namespace DecoderHw.Sizing;

/// <summary>The Verilog files of a generated decoder, as yosys should read them: the manifest rtl/NAME.f
/// that gen writes (<see cref="Rtl.RtlManifest"/>), never a glob of the folder.</summary>
public static class RtlSources
{
    /// <summary>File names relative to the rtl folder (yosys runs there so <c>$readmemh</c> finds the
    /// .mem files), in manifest order.</summary>
    public static IReadOnlyList<string> Find(string rtlDir)
    {
        if (!Directory.Exists(rtlDir)) throw new Cli.UserErrorException($"{rtlDir}: no RTL folder (run gen first)");
        var lists = Directory.EnumerateFiles(rtlDir, "*.f").ToList();
        if (lists.Count != 1)
            throw new Cli.UserErrorException($"{rtlDir}: expected one file list NAME.f, found {lists.Count} (run gen again)");
        var files = Rtl.RtlManifest.ReadFileList(lists[0]);
        if (files.Count == 0) throw new Cli.UserErrorException($"{lists[0]}: no Verilog files to synthesize");
        foreach (var file in files)
            if (!File.Exists(Path.Combine(rtlDir, file))) throw new Cli.UserErrorException($"{lists[0]}: lists {file}, which is not in {rtlDir}");
        return files;
    }
}
