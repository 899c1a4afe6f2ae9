using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The lanes of the coders without lane state (huffman, raw): every lane reads one prefix-free code
/// at an offset that is the sum of the lower lanes' code lengths, so there are no tANS tables, states or
/// INIT reads. The top instantiates NAME_lanes in place of the tANS lanes and tables.</summary>
/// <param name="LaneBitsMax">Most bits one lane reads in a beat: the largest bits_k (raw), the largest code
/// length (huffman). C_MAX = L * this.</param>
/// <param name="LanesWindowWidth">Low bits of the buffer NAME_lanes sees: all L lanes' codes at their longest, never more than W_BUF.</param>
public sealed record PrefixLanes(int LaneBitsMax, int LanesWindowWidth, IReadOnlyList<RtlLane> LaneInstances)
{
    public int LanesWindowMsb => LanesWindowWidth - 1;

    /// <param name="laneWindow">Bits one lane looks at: the code width (huffman) or max bits (raw).</param>
    public static PrefixLanes For(int lanes, int laneBitsMax, int laneWindow, int bufferWidth) =>
        new(laneBitsMax, Math.Min(lanes * laneWindow, bufferWidth),
            Enumerable.Range(0, lanes).Select(j => new RtlLane(j, Math.Min((j + 1) * laneWindow, bufferWidth))).ToList());
}

/// <summary>The huffman and raw rom variants.</summary>
public static class PrefixRtl
{
    public static (RtlVariant, RtlShape) Huffman(ResolvedModel model)
    {
        var huffman = HuffmanRtlTables.From(model);
        // A lane reads at most CodeWidth bits (at least 1).
        return (new HuffmanRomRtl(Lanes(model, huffman.CodeWidth), huffman, model.Name + "_rom.mem"), Shape(model));
    }

    public static (RtlVariant, RtlShape) Raw(ResolvedModel model) =>
        (new RawRtl(Lanes(model, model.MaxBits), model.Layers.Select(l => l.Bits).Distinct().Order().ToList(), RtlModel.WidthFor(model.MaxBits)),
         Shape(model));

    private static PrefixLanes Lanes(ResolvedModel model, int laneWindow)
    {
        RtlModel.Check(model.Spec.Tables == TableMode.Rom, "huffman and raw decoders here have rom tables");
        int laneBits = model.Layers.Max(l => l.MaxBitsPerLane(model.Spec.Coder));
        RtlModel.Check(model.MaxBitsPerCycle == model.Lanes * laneBits && model.BufferWidth == model.InputWidth + 2 * model.MaxBitsPerCycle,
            "C_MAX and W_BUF disagree with docs/architecture.md");
        return PrefixLanes.For(model.Lanes, laneBits, laneWindow, model.BufferWidth);
    }

    private static RtlShape Shape(ResolvedModel model) =>
        new(model.MaxBits, model.Layers.Count, model.Layers.Max(l => (long)l.WeightCount), model.Lanes, RtlModel.PlainLayers(model));
}
