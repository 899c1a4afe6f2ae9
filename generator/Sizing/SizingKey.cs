using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DecoderHw.Sizing;

/// <summary>What the sizing of a gen output folder depends on: the generated decoder (every file of
/// rtl/ and the report gen wrote) and the sizing context (tool versions and options). gen is fast and
/// deterministic, so sweep and compare regenerate every decoder and resynthesize only when this
/// changes: an edited spec, template or codec reruns exactly the decoders whose RTL or figures moved,
/// and a change to a table, plot or CSV reruns nothing.</summary>
public static class SizingKey
{
    public static string ForOutput(string genDir, string context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        string rtl = Path.Combine(genDir, "rtl");
        var files = (Directory.Exists(rtl) ? Directory.GetFiles(rtl) : []).Order(StringComparer.Ordinal).Append(Path.Combine(genDir, "report.json"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\n"));
            hash.AppendData(File.Exists(file) ? File.ReadAllBytes(file) : []);
        }
        hash.AppendData(Encoding.UTF8.GetBytes($"\n{context}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>What moves the sizing numbers besides the generated decoder itself (which
    /// <see cref="ForOutput"/> hashes directly): the tools and how we run them.</summary>
    public static string Context(ToolVersions versions, SizingOptions options) => string.Join('|',
        options.Target.Name, versions.Yosys, versions.Nextpnr,
        options.TargetMhz.ToString(CultureInfo.InvariantCulture), options.Seed.ToString(CultureInfo.InvariantCulture),
        options.Seeds.ToString(CultureInfo.InvariantCulture), string.Join(',', options.Devices.Select(d => d.Name)));
}
