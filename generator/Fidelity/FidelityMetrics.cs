namespace DecoderHw.Fidelity;

/// <summary>How closely a network with changed weights reproduces its float outputs on the same inputs.</summary>
/// <param name="Inputs">Inputs compared.</param>
/// <param name="MeanCosine">Mean over inputs of cos(float output, changed output).</param>
/// <param name="P5Cosine">5th percentile of that cosine (nearest-rank): the bad inputs, which a mean hides.</param>
/// <param name="MeanRelativeL2">Mean over inputs of |changed - float| / |float|.</param>
/// <param name="NearestNeighbourAgreement">Fraction of inputs whose nearest other input (Euclidean, in
/// output space) is the same with changed weights as with float weights: does retrieval still work.</param>
public sealed record FidelityMetrics(int Inputs, double MeanCosine, double P5Cosine, double MeanRelativeL2, double NearestNeighbourAgreement)
{
    /// <param name="reference">One output vector per input, float weights.</param>
    /// <param name="changed">The same inputs' outputs with the weights under test.</param>
    public static FidelityMetrics Compare(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> changed)
    {
        if (reference.Count != changed.Count || reference.Count == 0)
            throw new ArgumentException($"need the same, non-zero number of outputs ({reference.Count} vs {changed.Count})");
        int n = reference.Count;
        var cosines = new double[n];
        double relativeSum = 0;
        for (int i = 0; i < n; i++)
        {
            if (reference[i].Length != changed[i].Length) throw new ArgumentException($"output {i}: lengths {reference[i].Length} and {changed[i].Length} differ");
            cosines[i] = Cosine(reference[i], changed[i]);
            double norm = Math.Sqrt(Dot(reference[i], reference[i]));
            double diff = Math.Sqrt(SquaredDistance(reference[i], changed[i]));
            relativeSum += norm > 0 ? diff / norm : diff > 0 ? 1 : 0;
        }
        var nnReference = NearestNeighbours(reference);
        var nnChanged = NearestNeighbours(changed);
        int agree = 0;
        for (int i = 0; i < n; i++) if (nnReference[i] == nnChanged[i]) agree++;
        return new FidelityMetrics(n, cosines.Average(), Percentile(cosines, 0.05), relativeSum / n, (double)agree / n);
    }

    /// <summary>Cosine of two vectors; two zero vectors are identical (1), one zero vector is orthogonal (0).</summary>
    public static double Cosine(float[] a, float[] b)
    {
        double ab = Dot(a, b), aa = Dot(a, a), bb = Dot(b, b);
        if (aa == 0 && bb == 0) return 1;
        if (aa == 0 || bb == 0) return 0;
        return ab / Math.Sqrt(aa * bb);
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        int rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>For each vector, the index of the nearest other one (ties: the lowest index); -1 when alone.</summary>
    public static int[] NearestNeighbours(IReadOnlyList<float[]> vectors)
    {
        int n = vectors.Count;
        var nearest = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double d = SquaredDistance(vectors[i], vectors[j]);
                if (d < bestDistance) (best, bestDistance) = (j, d);
            }
            nearest[i] = best;
        }
        return nearest;
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
