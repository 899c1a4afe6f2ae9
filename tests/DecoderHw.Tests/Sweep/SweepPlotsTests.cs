using DecoderHw.Sweep;

namespace DecoderHw.Tests.Sweep;

public sealed class SweepPlotsTests : IDisposable
{
    private readonly string dir = Environment.GetEnvironmentVariable("DECODERHW_PLOT_DIR") ?? Directory.CreateTempSubdirectory("decoderhw-plots-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("DECODERHW_PLOT_DIR") is null) Directory.Delete(dir, recursive: true);
    }

    /// <summary>A made-up but plausibly shaped sweep: LUTs grow with lanes, the clock falls, bits/weight
    /// falls with table_log towards the entropy.</summary>
    internal static IReadOnlyList<SweepRow> Synthetic()
    {
        var rows = new List<SweepRow>();
        foreach (int lanes in new[] { 1, 2, 4, 8 })
            foreach (int tl in new[] { 8, 9, 10, 11, 12 })
            {
                long luts = 150 + 110 * lanes + 6 * tl * lanes;
                double fmax = 82 - 7 * Math.Log2(lanes) - 1.5 * (tl - 8);
                double bits = 2.62 + 0.4 / (1 << (tl - 6)) + 0.002 * lanes;
                rows.Add(new SweepRow("decoder", lanes, tl, 32, 1_000_000, bits, 2.60, 1.0005 / lanes, "ice40", luts, 40 * lanes + 30, lanes * (1 << tl) / 256, 20 * lanes,
                    luts * 2, luts * 40, lanes * (1 << tl) * 20L, lanes > 4 && tl > 11 ? null : "iCE40-HX8K", lanes > 4 && tl > 11 ? null : fmax, 330_000, 5000,
                    lanes > 4 && tl > 11 ? PointStatus.NoFit : PointStatus.Ok, "", $"points/lanes{lanes}-tl{tl}"));
            }
        return rows;
    }

    [Fact]
    public void SweepPlots_WritesFivePngs_ForASweep()
    {
        var files = SweepPlots.WriteAll(Synthetic(), dir, targetMhz: 100);

        Assert.Equal(5, files.Count);
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            Assert.True(bytes.Length > 10_000, $"{f}: {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    [Fact]
    public void SweepPlots_ParetoFront_KeepsOnlyUndominatedPoints()
    {
        static SweepRow Row(double bits, double fmax, long luts) => Synthetic()[0] with { BitsPerWeight = bits, FmaxMhz = fmax, Logic = luts, CyclesPerWeight = 1 };

        var a = Row(2.0, 100, 1000);  // 1e5 w/s/LUT at 2.0 bits
        var b = Row(2.5, 100, 500);   // 2e5 at 2.5 bits: more efficient, compresses worse
        var c = Row(2.6, 100, 800);   // dominated by b
        var d = Row(2.0, 50, 1000);   // dominated by a (same bits, half the throughput)

        Assert.Equal([a, b], SweepPlots.ParetoFront([a, b, c, d]));
    }

    /// <summary>Block RAMs count: a point that compresses and runs as well but needs fewer BRAMs is on the front.</summary>
    [Fact]
    public void SweepPlots_ParetoFront_CountsBlockRam()
    {
        static SweepRow Row(double bits, double fmax, long luts, long bram) =>
            Synthetic()[0] with { BitsPerWeight = bits, FmaxMhz = fmax, Logic = luts, CyclesPerWeight = 1, Memory = bram };

        var a = Row(2.0, 100, 1000, 30);
        var e = Row(2.1, 100, 900, 2);    // worse bits than a, better LUTs: on the front either way
        var f = Row(2.2, 100, 900, 1);    // dominated by e on bits and LUTs, but fewer BRAMs
        var g = Row(2.3, 100, 900, 2);    // dominated by e on all three

        Assert.Equal([a, e, f], SweepPlots.ParetoFront([a, e, f, g]));
    }
}
