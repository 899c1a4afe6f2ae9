using System.Globalization;
using System.Text;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Weights;

namespace DecoderHw.Vectors;

/// <summary>
/// Tells the testbench which of its seeded bit flips the reference decoder rejects. A flip can leave
/// every integrity check satisfied (tANS states can re-converge; Huffman and raw have no state check),
/// so "error_o expected" is decided by the reference, not assumed: the RTL must flag exactly the
/// corrupt streams the C# decoder flags. For a flip the reference accepts, its output is written too, as
/// the weights where it differs from weights.bin (flip_SEED.bin): the RTL must decode exactly that.
/// </summary>
public static class CorruptionOracle
{
    public const int Seeds = 8;

    /// <summary>The testbench's choice for +corrupt=flip +corrupt_seed=N: splitmix64(N) mod stream bits.</summary>
    public static long FlippedBit(long seed, EncodedStream stream) =>
        (long)(new SplitMix64((ulong)seed).Next() % (ulong)((long)stream.WordCount * stream.InputWidth));

    /// <summary>Writes corrupt_flip.txt to <paramref name="path"/>, and flip_SEED.bin beside it for each
    /// accepted flip whose layers keep the model's weight counts (the reason is then "accepted"; a
    /// tables: ram flip that the reference accepts with other counts is "accepted_reshaped", no file).
    /// flip_SEED.bin has one 64-bit record (<see cref="BinaryRecords"/>) per weight the flip changed, in
    /// weight order: the weight's index in the top 32 bits and its new value (as in weights.bin) in the low 32.</summary>
    public static void WriteFlipExpectations(ResolvedModel model, EncodedStream stream, string path)
    {
        var text = new StringBuilder("# seed bit expect_error reason\n");
        string directory = Path.GetDirectoryName(path) ?? ".";
        for (int seed = 1; seed <= Seeds; seed++)
        {
            long bit = FlippedBit(seed, stream);
            var bytes = (byte[])stream.Bytes.Clone();
            bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            string reason;
            try
            {
                var decoded = StreamCodec.Decode(model, bytes, stream.WordCount);
                bool sameShape = decoded.Length == model.Layers.Count
                    && model.Layers.All(l => decoded[l.Index].Length == l.WeightCount);
                reason = sameShape ? "accepted" : "accepted_reshaped";
                if (sameShape)
                    WriteChangedWeights(model, decoded, Path.Combine(directory, FormattableString.Invariant($"flip_{seed}.bin")));
            }
            catch (StreamDecodeException e)
            {
                reason = e.Kind.ToString();
            }
            text.Append(CultureInfo.InvariantCulture, $"{seed} {bit} {(reason.StartsWith("accepted", StringComparison.Ordinal) ? 0 : 1)} {reason}\n");
        }
        File.WriteAllText(path, text.ToString());
    }

    private static void WriteChangedWeights(ResolvedModel model, int[][] decoded, string path) =>
        BinaryRecords.Write(path, ChangedWeights(model, decoded), 64);

    private static IEnumerable<ulong> ChangedWeights(ResolvedModel model, int[][] decoded)
    {
        uint mask = (1u << VectorWriter.OutputBits(model)) - 1;
        long index = 0;
        foreach (var layer in model.Layers)
            for (int i = 0; i < layer.WeightCount; i++, index++)
                if (decoded[layer.Index][i] != layer.Levels[i])
                    yield return (ulong)index << 32 | ((uint)decoded[layer.Index][i] & mask);
    }
}
