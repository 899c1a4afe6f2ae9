namespace DecoderHw.Codec;

/// <summary>Bits the decoder reads for one layer: header (the lanes' initial states, and with ram
/// tables the layer's table header), and the coded weights.</summary>
public readonly record struct LayerStreamStats(long HeaderBits, long CodedBits)
{
    public long TotalBits => HeaderBits + CodedBits;
}

/// <summary>A complete stream as the decoder sees it (docs/bitstream.md), plus the bits every beat needs,
/// which is all the cycle model has to know about the data.</summary>
/// <param name="Bytes">The stream, bit i at byte i/8, bit i%8 (LSB-first); zero-padded to whole words.</param>
/// <param name="TotalBits">Bits the decoder consumes (header plus coded), without the final padding.</param>
/// <param name="BeatNeedBits">For every beat in order (per layer: its INIT beat, then its decode beats):
/// the bits that beat consumes.</param>
public sealed record EncodedStream(
    byte[] Bytes,
    long TotalBits,
    int InputWidth,
    int[] BeatNeedBits,
    IReadOnlyList<LayerStreamStats> LayerStats)
{
    /// <summary>tables: ram only: per layer, the table-load steps before its INIT beat (empty for rom).</summary>
    public IReadOnlyList<LoadStep[]> LayerLoadSteps { get; init; } = [];

    /// <summary>Cycles of table loading if every field's bits were already there (the least it can take).</summary>
    public long MinimumLoadCycles => LayerLoadSteps.Sum(steps => steps.Sum(s => 1L + s.Busy));

    /// <summary>Bits of the model tag in front of the payload: one word (<see cref="ModelTag"/>), or 0 for
    /// the bare payload a coder's own encoder returns. <see cref="TotalBits"/> and the stats do not count it.</summary>
    public int TagBits { get; init; }

    public int TagWords => TagBits / InputWidth;

    /// <summary>Words on the input port: the tag word, then at least one, even for a payload of 0 bits.</summary>
    public int WordCount => TagWords + (int)Math.Max(1, (TotalBits + InputWidth - 1) / InputWidth);

    public long HeaderBits => LayerStats.Sum(s => s.HeaderBits);
    public long CodedBits => LayerStats.Sum(s => s.CodedBits);

    /// <summary>Word <paramref name="index"/> as big-endian hex (most significant digit first), as $readmemh reads it.</summary>
    public string WordHex(int index)
    {
        int digits = (InputWidth + 3) / 4;
        var chars = new char[digits];
        long first = (long)index * InputWidth;
        for (int d = 0; d < digits; d++)
        {
            int nibble = 0;
            for (int b = 0; b < 4; b++)
            {
                int bitInWord = d * 4 + b;
                if (bitInWord >= InputWidth) break;
                long bit = first + bitInWord;
                if (bit < (long)Bytes.Length * 8 && ((Bytes[bit >> 3] >> (int)(bit & 7)) & 1) != 0) nibble |= 1 << b;
            }
            chars[digits - 1 - d] = "0123456789abcdef"[nibble];
        }
        return new string(chars);
    }
}
