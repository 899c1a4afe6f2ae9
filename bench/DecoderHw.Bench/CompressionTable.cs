using System.Globalization;
using DecoderHw.Codec;
using DecoderHw.Reports;

namespace DecoderHw.Bench;

/// <summary>1M Laplace weights per point: coded bits/weight against the empirical entropy, and what
/// the optimal normalizer buys over plain rounding.</summary>
internal static class CompressionTable
{
    public static int Run(TextWriter output)
    {
        const int count = 1 << 20;
        output.WriteLine("| bits | scale | table_log | entropy b/w | coded b/w | overhead % | header bytes | rounding-normalizer overhead % |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (int bits in new[] { 2, 3, 4, 5, 6, 7, 8 })
        {
            double scale = Math.Max(0.3, (1 << (bits - 1)) / 4.0);
            foreach (int tableLog in new[] { 8, 9, 10, 11, 12 })
            {
                var model = Models.Laplace(1, bits, tableLog, scale, count, (ulong)(bits * 100 + tableLog));
                var layer = model.Layers[0];
                var stream = TansStreamEncoder.Encode(model);
                double entropy = Entropy.BitsPerSymbol(layer.Counts);
                double coded = (double)stream.CodedBits / count;
                double rounding = double.NaN;
                try
                {
                    var rounded = DecoderHw.Tans.Normalizer.NormalizeByRounding(layer.Counts, layer.TableLog);
                    rounding = DecoderHw.Tans.Normalizer.IdealBits(layer.Counts, rounded, layer.TableLog) / count;
                }
                catch (InvalidOperationException) { }
                double ideal = DecoderHw.Tans.Normalizer.IdealBits(layer.Counts, layer.Tables.NormalizedCounter, layer.TableLog) / count;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {bits} | {scale:0.##} | {layer.TableLog} | {entropy:F4} | {coded:F4} | {100 * (coded / entropy - 1):F3} | {stream.HeaderBits / 8.0:0.#} | {100 * (rounding / ideal - 1):F3} |"));
            }
        }
        return 0;
    }
}
