using DecoderHw.Codec;

namespace DecoderHw.Vectors;

/// <summary>
/// The testbench's vectors as $fread reads them (IEEE 1800-2017 21.3.4.4): one record per memory
/// element, big-endian, in the element's width rounded up to whole bytes, no separators. The testbench
/// loads a file into its memory in one call, without the character-by-character parse of $readmemh
/// (which took most of a Verilator run: 17 bytes of hex per output beat). Record counts are in
/// tb_params.vh (or, for a file of changes, the file's length).
/// </summary>
public static class BinaryRecords
{
    /// <summary>Bytes per record of a <paramref name="width"/>-bit memory element.</summary>
    public static int BytesFor(int width) => (width + 7) / 8;

    /// <param name="cancellation">Checked every 64k records: an interrupt during a 100 MB write stops it promptly.</param>
    public static void Write(string path, IEnumerable<ulong> values, int width, CancellationToken cancellation = default)
    {
        int bytes = BytesFor(width);
        if (bytes > 8) throw new ArgumentOutOfRangeException(nameof(width), width, "at most 64 bits per record here; streams use WriteStream");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> record = stackalloc byte[bytes];
        long written = 0;
        foreach (ulong value in values)
        {
            if ((++written & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
            ulong v = value;
            for (int b = bytes - 1; b >= 0; b--, v >>= 8) record[b] = (byte)v;
            file.Write(record);
        }
    }

    /// <summary>Every word of <paramref name="stream"/> (InputWidth bits, 8..256) as one record: the
    /// value whose bit i is stream bit word * InputWidth + i, as <see cref="EncodedStream.WordHex"/>.</summary>
    public static void WriteStream(string path, EncodedStream stream, CancellationToken cancellation = default)
    {
        int width = stream.InputWidth;
        int bytes = BytesFor(width);
        byte[] data = stream.Bytes;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var record = new byte[bytes];
        for (int w = 0; w < stream.WordCount; w++)
        {
            if ((w & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
            long first = (long)w * width;
            // Byte j of the value (j = 0 least significant) is written at position bytes - 1 - j.
            for (int j = 0; j < bytes; j++)
            {
                int value;
                if ((width & 7) == 0)
                {
                    long at = (first >> 3) + j;
                    value = at < data.Length ? data[at] : 0;
                }
                else
                {
                    value = 0;
                    for (int b = 0; b < 8 && j * 8 + b < width; b++)
                    {
                        long bit = first + j * 8 + b;
                        if (bit < (long)data.Length * 8 && ((data[bit >> 3] >> (int)(bit & 7)) & 1) != 0) value |= 1 << b;
                    }
                }
                record[bytes - 1 - j] = (byte)value;
            }
            file.Write(record);
        }
    }
}
