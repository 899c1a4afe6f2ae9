using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DecoderHw.Sweep;

/// <summary>One design point of a sweep: the spec with these three values replacing its own.</summary>
/// <param name="InputWidth">Null keeps the spec's input_width.</param>
public sealed record SweepPoint(int Lanes, int TableLog, int? InputWidth)
{
    public string Label => InputWidth is { } w
        ? string.Create(CultureInfo.InvariantCulture, $"lanes{Lanes}-tl{TableLog}-w{w}")
        : string.Create(CultureInfo.InvariantCulture, $"lanes{Lanes}-tl{TableLog}");

    public static IReadOnlyList<SweepPoint> Grid(IReadOnlyList<int> lanes, IReadOnlyList<int> tableLogs, IReadOnlyList<int>? inputWidths) =>
        (from l in lanes
         from t in tableLogs
         from w in inputWidths is null ? [(int?)null] : inputWidths.Select(x => (int?)x)
         select new SweepPoint(l, t, w)).ToList();
}

/// <summary>What a point's sizing depends on: the generated decoder (every file of rtl/ and the
/// report gen wrote) and the sizing context (tool versions and options). gen is fast and
/// deterministic, so the sweep regenerates every point and resynthesizes only when this changes:
/// an edited spec, template or codec reruns exactly the points whose RTL or figures moved, and a
/// change to the plots or the CSV reruns nothing.</summary>
public static class SweepKey
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
}
