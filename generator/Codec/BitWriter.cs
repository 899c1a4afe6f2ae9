namespace DecoderHw.Codec;

/// <summary>Appends fields LSB-first: stream bit i is bit i%8 of byte i/8, and a field's bit 0 comes first.
/// LSB-first lets the hardware take the next bits from the low end of its window with no shifter in
/// the state loop (docs/bitstream.md).</summary>
public sealed class BitWriter(int capacityBytes = 1024)
{
    private byte[] _bytes = new byte[Math.Max(16, capacityBytes)];
    private ulong _container;
    private int _containerBits;
    private int _flushedBytes;

    public long BitCount => (long)_flushedBytes * 8 + _containerBits;

    /// <summary>Writes the low <paramref name="nbBits"/> (0..32) bits of <paramref name="value"/>.</summary>
    public void Write(uint value, int nbBits)
    {
        if ((uint)nbBits > 32) throw new ArgumentOutOfRangeException(nameof(nbBits));
        ulong masked = nbBits == 32 ? value : value & ((1u << nbBits) - 1);
        _container |= masked << _containerBits;
        _containerBits += nbBits;
        if (_containerBits >= 32) FlushWord();
    }

    /// <summary>Writes many fields of at most 24 bits each: the encoder's hot path, one tight loop.</summary>
    public void WriteChunks(ReadOnlySpan<uint> values, ReadOnlySpan<byte> nbBits)
    {
        if (values.Length != nbBits.Length) throw new ArgumentException("one bit count per value", nameof(nbBits));
        EnsureCapacity(_flushedBytes + (int)Math.Min(int.MaxValue / 2, (long)values.Length * 3 + 16));
        ulong container = _container;
        int containerBits = _containerBits, flushed = _flushedBytes;
        var bytes = _bytes;
        for (int i = 0; i < values.Length; i++)
        {
            int n = nbBits[i];
            if (n > 24) throw new ArgumentOutOfRangeException(nameof(nbBits), "chunks are at most 24 bits");
            container |= (ulong)(values[i] & ((1u << n) - 1)) << containerBits;
            containerBits += n;
            if (containerBits >= 32)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(flushed), (uint)container);
                flushed += 4;
                container >>= 32;
                containerBits -= 32;
            }
        }
        _container = container;
        _containerBits = containerBits;
        _flushedBytes = flushed;
    }

    private void EnsureCapacity(int bytes)
    {
        if (bytes + 8 > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, bytes + 8));
    }

    private void FlushWord()
    {
        if (_flushedBytes + 4 > _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(_flushedBytes), (uint)_container);
        _flushedBytes += 4;
        _container >>= 32;
        _containerBits -= 32;
    }

    /// <summary>The bits written, zero-padded up to a multiple of <paramref name="wordBits"/> (at least one word).</summary>
    public byte[] ToPaddedBytes(int wordBits)
    {
        long words = Math.Max(1, (BitCount + wordBits - 1) / wordBits);
        var result = new byte[(words * wordBits + 7) / 8];
        Array.Copy(_bytes, result, Math.Min(_flushedBytes, result.Length));
        ulong tail = _container;
        for (int i = 0; i * 8 < _containerBits; i++) result[_flushedBytes + i] = (byte)(tail >> (8 * i));
        return result;
    }
}
