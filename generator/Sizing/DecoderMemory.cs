namespace DecoderHw.Sizing;

/// <summary>What the decoder needs to hold a model: its compressed stream plus its own tables, next to
/// the same weights stored plainly as int8 and float32. The tables are counted so the saving shown is
/// net of the decoder's overhead.</summary>
public sealed record DecoderMemory(long Weights, long StreamBits, long TableBits)
{
    public long StreamBytes => (StreamBits + 7) / 8;
    public long TableBytes => (TableBits + 7) / 8;
    public long DecoderTotalBytes => StreamBytes + TableBytes;
    public long Int8Bytes => Weights;
    public long Float32Bytes => 4 * Weights;

    /// <summary>How many times smaller than int8 (above 1 is a saving).</summary>
    public double RatioVsInt8 => DecoderTotalBytes == 0 ? 0 : (double)Int8Bytes / DecoderTotalBytes;
    public double RatioVsFloat32 => DecoderTotalBytes == 0 ? 0 : (double)Float32Bytes / DecoderTotalBytes;
}
