using System.Globalization;

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
