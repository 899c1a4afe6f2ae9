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

/// <summary>Names a finished point's folder by everything its numbers depend on, so a rerun reuses
/// exactly the points whose inputs did not change and redoes the rest.</summary>
public static class SweepKey
{
    /// <param name="specBytes">The spec file as written: any edit invalidates every point.</param>
    /// <param name="context">Generator version, tool versions, sizing options: anything else that moves the numbers.</param>
    public static string For(ReadOnlySpan<byte> specBytes, SweepPoint point, string context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(specBytes);
        hash.AppendData(Encoding.UTF8.GetBytes($"\n{point.Lanes}|{point.TableLog}|{point.InputWidth}|{context}"));
        return $"{point.Label}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..12]}";
    }
}
