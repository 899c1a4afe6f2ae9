namespace DecoderHw.Huffman;

/// <summary>Bit order of a Huffman stream, the same as the tANS stream's (docs/bitstream.md): stream bit i
/// is bit i % 8 of byte i / 8 (LSB-first). A code is sent most significant bit first, so the decoder
/// walks the canonical code one bit at a time from the low end of its window, as DEFLATE does.</summary>
internal sealed class BitWriter
{
    private readonly List<byte> _bytes = [];
    private int _fill;

    public long BitCount { get; private set; }

    public void WriteCode(uint code, int length)
    {
        for (int i = length - 1; i >= 0; i--) WriteBit((int)(code >> i) & 1);
    }

    private void WriteBit(int bit)
    {
        if (_fill == 0) _bytes.Add(0);
        _bytes[^1] |= (byte)(bit << _fill);
        _fill = (_fill + 1) & 7;
        BitCount++;
    }

    public byte[] ToArray() => [.. _bytes];
}

internal sealed class BitReader(byte[] bytes, long bitCount)
{
    public long Position { get; private set; }

    /// <summary>The next bit, or -1 past the end of the stream.</summary>
    public int ReadBit()
    {
        if (Position >= bitCount) return -1;
        int bit = (bytes[Position >> 3] >> (int)(Position & 7)) & 1;
        Position++;
        return bit;
    }
}
