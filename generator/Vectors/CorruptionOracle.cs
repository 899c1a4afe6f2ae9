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
/// corrupt streams the C# decoder flags.
/// </summary>
public static class CorruptionOracle
{
    public const int Seeds = 8;

    /// <summary>The testbench's choice for +corrupt=flip +corrupt_seed=N: splitmix64(N) mod stream bits.</summary>
    public static long FlippedBit(long seed, EncodedStream stream) =>
        (long)(new SplitMix64((ulong)seed).Next() % (ulong)((long)stream.WordCount * stream.InputWidth));

    public static void WriteFlipExpectations(ResolvedModel model, EncodedStream stream, string path)
    {
        var text = new StringBuilder("# seed bit expect_error reason\n");
        for (int seed = 1; seed <= Seeds; seed++)
        {
            long bit = FlippedBit(seed, stream);
            var bytes = (byte[])stream.Bytes.Clone();
            bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            string reason;
            try
            {
                StreamCodec.Check(model, bytes, stream.WordCount);
                reason = "accepted";
            }
            catch (StreamDecodeException e)
            {
                reason = e.Kind.ToString();
            }
            text.Append(CultureInfo.InvariantCulture, $"{seed} {bit} {(reason == "accepted" ? 0 : 1)} {reason}\n");
        }
        File.WriteAllText(path, text.ToString());
    }
}
