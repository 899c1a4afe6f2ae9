using System.Globalization;
using System.Text.Json.Serialization;
using DecoderHw.Sizing;

namespace DecoderHw.Compare;

/// <summary>How the sizing of one variant ended. A decoder too big for every iCE40 part is a result
/// (its area still stands), not a failure.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VariantSizingStatus>))]
public enum VariantSizingStatus
{
    [JsonStringEnumMemberName("ok")] Ok,
    [JsonStringEnumMemberName("no_fit")] NoFit,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>The area and clock of one variant's RTL, from the same flow as <c>size</c> for the chosen
/// target (iCE40: Yosys synth_ice40, then nextpnr-ice40 on the first device that fits; the other
/// targets: synthesis only, no clock).</summary>
/// <param name="Logic">LUTs for an FPGA target, gate equivalents for ASIC (the target's LogicUnit).</param>
/// <param name="Memory">Block RAMs for an FPGA target, memory bits for ASIC (the target's MemoryUnit).</param>
/// <param name="WeightsPerSecond">Fmax x weights per cycle of the free run (so tables: ram pays for its table loads).</param>
/// <param name="NotFitting">Why each device was skipped, e.g. "iCE40-HX8K: block RAM: needs 276 SB_RAM40_4K, ...".</param>
/// <param name="Message">The tool's error, for a failed run.</param>
public sealed record VariantSizing(
    VariantSizingStatus Status,
    long? Logic,
    long? Ff,
    long? Memory,
    long? Carry,
    long? YosysCells,
    string? Device,
    double? FmaxMhz,
    double? WeightsPerSecond,
    string? CriticalPath,
    IReadOnlyList<string> NotFitting,
    string? Message)
{
    /// <summary>DSP blocks (iCE40: SB_MAC16, only in a netlist placed on the UP5K); null when not sized.</summary>
    public long? Dsps { get; init; }

    public static VariantSizing From(SizingReport.GenFigures gen, SizingResult sizing)
    {
        var clock = sizing.PlaceRoute.Report?.MainClock;
        var path = sizing.PlaceRoute.Report?.CriticalPath;
        double? fmax = clock is null ? null : Math.Round(clock.FmaxMhz, 2);
        return new VariantSizing(
            fmax is null && sizing.Target.Placed ? VariantSizingStatus.NoFit : VariantSizingStatus.Ok,
            sizing.Logic, sizing.FlipFlops, sizing.Memory, sizing.Cells?.Carries ?? 0, sizing.Generic.Cells,
            sizing.PlaceRoute.Device?.Name,
            fmax,
            clock is not null && gen.CyclesPerWeight > 0 ? Math.Round(clock.FmaxMhz * 1e6 / gen.CyclesPerWeight) : null,
            path is null ? null : string.Create(CultureInfo.InvariantCulture, $"{path.From} -> {path.To} ({path.TotalNs:F1} ns)"),
            sizing.PlaceRoute.NotFitting,
            null)
        {
            Dsps = sizing.Cells?.Dsps ?? 0,
        };
    }

    public static VariantSizing Failed(string message) =>
        new(VariantSizingStatus.Failed, null, null, null, null, null, null, null, null, null, [], message);
}
