namespace DecoderHw.Quantize;

/// <summary>Quantization error of a layer: the signal's energy and the squared error of reconstructing
/// each weight as level * step.</summary>
public readonly record struct Distortion(double SignalEnergy, double ErrorEnergy)
{
    /// <summary>10 log10(signal / error); +Inf for an exact reconstruction, 0 dB for a layer of zeros
    /// quantized to zeros is reported as +Inf too (nothing was lost).</summary>
    public double SqnrDb => ErrorEnergy > 0 ? 10 * Math.Log10(SignalEnergy / ErrorEnergy) : double.PositiveInfinity;

    public static Distortion operator +(Distortion a, Distortion b) =>
        new(a.SignalEnergy + b.SignalEnergy, a.ErrorEnergy + b.ErrorEnergy);

    public static Distortion Measure(ReadOnlySpan<float> weights, ReadOnlySpan<int> levels, double step)
    {
        double signal = 0, error = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            double e = w - levels[i] * step;
            signal += w * w;
            error += e * e;
        }
        return new Distortion(signal, error);
    }
}

public static class Entropy
{
    /// <summary>Order-0 empirical entropy in bits per symbol of a histogram (0 for a single symbol or none).</summary>
    public static double BitsPerSymbol(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (long c in counts) total += c;
        if (total == 0) return 0;
        double bits = 0;
        foreach (long c in counts)
            if (c > 0) bits -= c * Math.Log2((double)c / total);
        return bits / total;
    }
}
