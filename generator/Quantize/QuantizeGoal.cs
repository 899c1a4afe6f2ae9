namespace DecoderHw.Quantize;

/// <summary>uniform: step = max|w| / MaxLevel (the largest weight on the top level); mse: per bit width the
/// step with the least squared error (clipping the tail); ecsq: step and zero-bin width searched for
/// distortion + lambda * coded rate.</summary>
public enum QuantizeMethod { Uniform, Mse, Ecsq }

/// <summary>What the bits/weight of <c>--target-bpw</c> are counted over.</summary>
public enum TargetScope
{
    /// <summary>Every selected tensor, the raw ones at 32 bits each: the whole model's storage.</summary>
    Model,

    /// <summary>Only the layers the decoder streams (gen's <c>totals.bits_per_weight</c>).</summary>
    Coded,
}

/// <summary>What the allocator of <c>--target-bpw</c> minimizes.</summary>
public enum DistortionMeasure
{
    /// <summary>Total squared error with every layer first scaled to unit RMS: sum over layers of
    /// weights * error / signal energy (each layer's noise-to-signal ratio, counted once per weight).
    /// Layers of small weights are not starved for being small in value, and no layer is sacrificed
    /// for being large or small in count: on both face-api models at 1 bit/weight every layer lands
    /// between 2.6 and 6 dB.</summary>
    Relative,

    /// <summary>Total squared error over all weights, as issue 6 words it. It follows the weights' scale and
    /// sacrifices small layers: at 1 bit/weight it sets 15 of face_landmark_68's 32 layers and 9 of
    /// age_gender's 32 (mostly depthwise filters) to all zeros, which no network survives.</summary>
    Absolute,
}

/// <summary>What the user asked for. Exactly one of <see cref="Bits"/>, <see cref="TargetBpw"/>,
/// <see cref="MinSqnrDb"/> leads; <see cref="MinSqnrDb"/> with <see cref="TargetBpw"/> is a per-layer floor.</summary>
/// <param name="Bits">Every layer at this many bits (ecsq: at most this many, at no more coded rate than uniform).</param>
/// <param name="TargetBpw">Total coded bits per weight to reach, spending bits where they remove the most squared error.</param>
/// <param name="MinSqnrDb">Every layer's SQNR at least this, at the least rate.</param>
public sealed record QuantizeGoal(
    QuantizeMethod Method,
    int? Bits = null,
    double? TargetBpw = null,
    double? MinSqnrDb = null,
    TargetScope Scope = TargetScope.Model,
    DistortionMeasure Distortion = DistortionMeasure.Relative,
    double? MinFidelity = null)
{
    public const int DefaultBits = 4;

    /// <summary>Allowed shortfall of the achieved bits/weight under <see cref="TargetBpw"/>, as a fraction.</summary>
    public const double TargetTolerance = 0.02;

    /// <summary>"+1.23%" / "-0.01%": .NET's "+0%;-0%" formats a negative that rounds to zero as "-+0%".</summary>
    public static string SignedPercent(double fraction) =>
        (fraction < 0 ? "-" : "+") + Math.Abs(fraction).ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture);

    public string Describe() =>
        (Bits, TargetBpw, MinSqnrDb) switch
        {
            _ when MinFidelity is { } f => $"--min-fidelity {f}",
            ({ } b, _, _) => $"--bits {b}",
            (_, { } t, { } s) => $"--target-bpw {t} ({Scope.ToString().ToLowerInvariant()}, {Distortion.ToString().ToLowerInvariant()} error) --min-sqnr {s}",
            (_, { } t, _) => $"--target-bpw {t} ({Scope.ToString().ToLowerInvariant()}, {Distortion.ToString().ToLowerInvariant()} error)",
            (_, _, { } s) => $"--min-sqnr {s}",
            _ => $"--bits {DefaultBits}",
        } + $" --method {Method.ToString().ToLowerInvariant()}";
}
