using DecoderHw.Cli;
using DecoderHw.Generation;

namespace DecoderHw.Mac;

/// <summary>The MAC example's arithmetic (examples/mac/mac_layer.sv does the same in RTL): one layer's
/// weights, in decode order, are a Rows x Cols matrix stored row-major (a PyTorch [out, in] weight or a
/// 1x1 convolution's [out, in, 1, 1] filter), multiplied by an int8 activation vector of Cols entries:
/// y[r] = sum over c of w[r * Cols + c] * x[c], in 32-bit two's complement (no overflow for bits <= 8 and
/// Cols < 2^17). The RTL takes one decoder beat (Lanes consecutive weights of a row) per cycle.</summary>
public sealed record MacLayer(int Rows, int Cols, int Lanes, int InputWidth)
{
    /// <summary>The checks the RTL's simple datapath relies on, as user errors.</summary>
    public static MacLayer For(GenResult gen, int cols, string specPath)
    {
        var model = gen.Model;
        if (model.Layers.Count != 1)
            throw new UserErrorException($"{specPath}: the MAC example takes a spec with one layer, got {model.Layers.Count}");
        int weights = model.Layers[0].WeightCount, lanes = model.Spec.Lanes;
        if (cols < 1 || weights % cols != 0)
            throw new UserErrorException($"--cols: {cols} does not divide the layer's {weights} weights into rows");
        if (cols % lanes != 0)
            throw new UserErrorException($"--cols: {cols} is not a multiple of lanes ({lanes}): a beat must not straddle two rows");
        return new MacLayer(weights / cols, cols, lanes, model.Spec.InputWidth);
    }

    /// <summary>Seeded int8 activations in -128..127 (xorshift32, so the RTL test needs no C# RNG state).</summary>
    public static sbyte[] Activations(int count, uint seed)
    {
        uint s = seed == 0 ? 0x9e3779b9u : seed;
        var x = new sbyte[count];
        for (int i = 0; i < count; i++)
        {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            x[i] = unchecked((sbyte)(s >> 24));
        }
        return x;
    }

    public int[] Reference(IReadOnlyList<int> weights, IReadOnlyList<sbyte> x)
    {
        var y = new int[Rows];
        for (int r = 0; r < Rows; r++)
        {
            int acc = 0;
            for (int c = 0; c < Cols; c++) acc = unchecked(acc + weights[r * Cols + c] * x[c]);
            y[r] = acc;
        }
        return y;
    }

    /// <summary>Cycles to stream the layer as plain int8 weights over the same InputWidth-bit memory bus to
    /// the same Lanes multipliers: each cycle brings InputWidth / 8 weights and Lanes of them can be used.</summary>
    public long PlainInt8Cycles => ((long)Rows * Cols + PlainWeightsPerCycle - 1) / PlainWeightsPerCycle;

    public int PlainWeightsPerCycle => Math.Min(Lanes, InputWidth / 8);
}
