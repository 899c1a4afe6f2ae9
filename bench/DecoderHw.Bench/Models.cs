using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Bench;

internal static class Models
{
    public static ResolvedModel Laplace(int lanes, int bits, int tableLog, double scale, int count, ulong seed = 1)
    {
        var layer = new LayerSpec("w", bits, null, new DistributionSource(DistributionKind.Laplace, scale, count, seed));
        var spec = new DecoderSpec("bench", CoderKind.Tans, tableLog, lanes, 32, TableMode.Rom, [layer], "bench.yaml");
        return ModelResolver.Resolve(spec);
    }
}
