namespace DecoderHw.Tests.Quantize;

/// <summary>Seeded Laplace samples, the usual model of trained weights.</summary>
public static class Laplace
{
    public static float[] Sample(int count, double scale, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() - 0.5;
            values[i] = (float)(-scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u)));
        }
        return values;
    }
}
