using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// The stream's first word: a hash of what the decoder was built for (docs/bitstream.md, "Model tag").
/// A decoder compares it with its own before it reads anything else, so a stream of another model
/// is refused before the first weight leaves (RTL <c>error_o</c>, C# <see cref="StreamErrorKind.WrongModel"/>).
/// A tables: rom decoder is built for one model (every layer's count, bits and table or code); a
/// tables: ram decoder for its limits, so any model within them carries the same tag.
/// </summary>
public static class ModelTag
{
    public const string Version = "decoderhw-model-tag-v2";

    /// <summary>The text that is hashed: one "key value" line each, in this order (docs/bitstream.md).</summary>
    public static string Describe(ResolvedModel model)
    {
        var spec = model.Spec;
        var text = new StringBuilder();
        void Line(string key, object value) => text.Append(CultureInfo.InvariantCulture, $"{key} {value}\n");
        Line("version", Version);
        Line("coder", spec.Coder.ToString().ToLowerInvariant());
        Line("tables", spec.Tables.ToString().ToLowerInvariant());
        Line("lanes", spec.Lanes);
        Line("states_per_lane", spec.StatesPerLane);
        Line("input_width", spec.InputWidth);
        if (spec.Tables == TableMode.Ram && spec.RamLimits is { } limits)
        {
            if (spec.Coder == CoderKind.Huffman) Line("huffman_max_length", spec.HuffmanMaxLength);
            else Line("max_table_log", limits.MaxTableLog);
            if (spec.Coder == CoderKind.Rans) Line("rans_state_bits", spec.RansStateBits);
            Line("max_bits", limits.MaxBits);
            Line("max_layers", limits.MaxLayers);
            Line("max_weights", limits.WeightLimit);
            // Only with three banks, so every two-bank tag (and golden vector) hashes as before.
            if (spec.RamBanks != DecoderSpec.DefaultRamBanks) Line("ram_banks", spec.RamBanks);
            return text.ToString();
        }
        foreach (var layer in model.Layers)
        {
            string table = spec.Coder switch
            {
                CoderKind.Tans => $"table_log {layer.TableLog} counts {string.Join(",", layer.Tables.NormalizedCounter)}",
                CoderKind.Huffman => $"lengths {string.Join(",", layer.Huffman!.CodeLengths)}",
                CoderKind.Rans when layer.Rans is { } r =>
                    $"table_log {r.TableLog} state_bits {r.StateLog - r.TableLog} entries {string.Join(",", r.Symbols.Zip(r.Freq, (sym, f) => $"{sym}:{f}"))}",
                _ => "raw",
            };
            Line("layer", $"weights {layer.WeightCount} bits {layer.Bits} {table}");
        }
        return text.ToString();
    }

    /// <summary>A neighbouring model's description: the first layer one weight longer (tables: ram: max_weights
    /// one higher). Its tag on this model's stream is what this decoder sees of another model's stream
    /// before it refuses it (vectors/lie_other_model.bin).</summary>
    public static string DescribeNeighbour(ResolvedModel model)
    {
        var lines = Describe(model).Split('\n').ToList();
        int i = lines.FindIndex(l => l.StartsWith("layer weights ", StringComparison.Ordinal) || l.StartsWith("max_weights ", StringComparison.Ordinal));
        var parts = lines[i].Split(' ');
        int at = parts[0] == "layer" ? 2 : 1;
        parts[at] = (long.Parse(parts[at], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        lines[i] = string.Join(' ', parts);
        return string.Join('\n', lines);
    }

    /// <summary>The tag word: the first input_width bits of SHA-256(<see cref="Describe"/>), bit i of the
    /// word = bit i mod 8 of digest byte i div 8 (input_width is at most 256, the digest's length).</summary>
    public static byte[] Word(ResolvedModel model) => Word(Describe(model), model.InputWidth);

    public static byte[] Word(string description, int inputWidth)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(description));
        var word = new byte[(inputWidth + 7) / 8];
        Array.Copy(digest, word, word.Length);
        if (inputWidth % 8 != 0) word[^1] &= (byte)((1 << (inputWidth % 8)) - 1);
        return word;
    }

    /// <summary>The word as $readmemh hex (most significant digit first), for the RTL's constant.</summary>
    public static string Hex(byte[] word, int inputWidth)
    {
        var chars = new char[(inputWidth + 3) / 4];
        for (int d = 0; d < chars.Length; d++)
        {
            int nibble = 0;
            for (int b = 0; b < 4; b++)
            {
                int bit = d * 4 + b;
                if (bit < inputWidth && ((word[bit >> 3] >> (bit & 7)) & 1) != 0) nibble |= 1 << b;
            }
            chars[chars.Length - 1 - d] = "0123456789abcdef"[nibble];
        }
        return new string(chars);
    }

    /// <summary>A stream: the tag word, then the payload from bit input_width on.</summary>
    public static EncodedStream Prepend(EncodedStream payload, byte[] word)
    {
        int iw = payload.InputWidth;
        long payloadBits = (long)payload.WordCount * iw;
        var bytes = new byte[(iw + payloadBits + 7) / 8];
        CopyBits(word, 0, bytes, 0, iw);
        CopyBits(payload.Bytes, 0, bytes, iw, Math.Min(payloadBits, (long)payload.Bytes.Length * 8));
        return payload with { Bytes = bytes, TagBits = iw };
    }

    /// <summary>The payload of a tagged stream (its first word removed) if the tag matches; else a
    /// <see cref="StreamErrorKind.WrongModel"/> error.</summary>
    public static byte[] Strip(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        int iw = model.InputWidth;
        var expected = Word(model);
        for (int bit = 0; bit < iw; bit++)
        {
            int got = bit < stream.Length * 8 ? (stream[bit >> 3] >> (bit & 7)) & 1 : 0;
            int want = (expected[bit >> 3] >> (bit & 7)) & 1;
            if (got != want)
                throw new StreamDecodeException(StreamErrorKind.WrongModel, bit, 0,
                    $"the stream's model tag is not this decoder's ({Hex(expected, iw)}): a stream of another model, or a damaged first word");
        }
        if (words < 2) throw new StreamDecodeException(StreamErrorKind.Truncated, iw, 0, "the stream ends after its model tag");
        long payloadBits = (long)(words - 1) * iw;
        var payload = new byte[(payloadBits + 7) / 8];
        CopyBits(stream, iw, payload, 0, Math.Min(payloadBits, (long)stream.Length * 8 - iw));
        return payload;
    }

    /// <summary>ORs <paramref name="count"/> bits into <paramref name="to"/> (zero there). Byte-aligned
    /// (input_width a multiple of 8, the usual case) it is a block copy: gen tags and strips streams of
    /// millions of weights several times (round trip, corruption oracle).</summary>
    private static void CopyBits(ReadOnlySpan<byte> from, long fromBit, Span<byte> to, long toBit, long count)
    {
        if ((fromBit & 7) == 0 && (toBit & 7) == 0 && count >= 8)
        {
            int bytes = (int)(count >> 3);
            from.Slice((int)(fromBit >> 3), bytes).CopyTo(to[(int)(toBit >> 3)..]);
            fromBit += bytes * 8L;
            toBit += bytes * 8L;
            count &= 7;
        }
        for (long i = 0; i < count; i++)
        {
            long s = fromBit + i, d = toBit + i;
            if (((from[(int)(s >> 3)] >> (int)(s & 7)) & 1) != 0) to[(int)(d >> 3)] |= (byte)(1 << (int)(d & 7));
        }
    }
}
