using System.Buffers.Binary;
using System.Text;

namespace DecoderHw.Weights;

/// <summary>Reads the header of a .npy file (format versions 1, 2 and 3): the magic <c>\x93NUMPY</c>,
/// a version, a 2-byte (v1) or 4-byte (v2, v3) little-endian header length, and a Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>; the data follows the header.</summary>
public static class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <param name="tensorName">The name the tensor is listed under (its path without .npy).</param>
    public static TensorInfo ReadHeader(string path, string tensorName)
    {
        using var stream = WeightFile.OpenRead(path);
        long fileLength = stream.Length;
        WeightFileException Bad(string message) => new(path, tensorName, message);

        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic)) throw Bad("not a .npy file (no \\x93NUMPY magic) or truncated");
        int major = prefix[6];
        if (major is < 1 or > 3) throw Bad($".npy format version {major}.{prefix[7]} is not supported (1, 2 or 3)");

        int lengthBytes = major == 1 ? 2 : 4;
        if (got < 8 + lengthBytes) throw Bad("truncated .npy header");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        long dataOffset = 8 + lengthBytes + headerLength;
        if (dataOffset > fileLength) throw Bad($"header length {headerLength} reaches beyond the file ({fileLength} bytes): truncated");

        var headerBytes = new byte[headerLength];
        stream.Position = 8 + lengthBytes;
        stream.ReadExactly(headerBytes);
        // Versions 1 and 2 are latin-1; version 3 is UTF-8. The keys we read are ASCII either way.
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var (descr, fortran, shape) = ParseDict(header, Bad);
        var dtype = DTypes.FromNumpy(descr);
        var info = new TensorInfo(path, tensorName, descr, dtype?.Type ?? ElementType.Unsupported, dtype?.Size ?? 0,
            shape, dataOffset, fortran, dtype?.BigEndian ?? false);

        long elements;
        try
        {
            elements = shape.Aggregate(1L, (n, d) => checked(n * d));
            if (dtype is { } t) _ = checked(elements * t.Size);
        }
        catch (OverflowException)
        {
            throw Bad($"shape {info.ShapeText} has more elements than a file can hold");
        }
        long available = fileLength - dataOffset;
        if (dtype is not null && info.ByteLength != available)
            throw Bad(info.ByteLength > available
                ? $"shape {info.ShapeText} of {descr} needs {info.ByteLength} bytes of data, the file has {available}: truncated"
                : $"shape {info.ShapeText} of {descr} needs {info.ByteLength} bytes of data, the file has {available}: the header does not describe the data");
        return info;
    }

    private static (string Descr, bool Fortran, List<long> Shape) ParseDict(string header, Func<string, WeightFileException> bad)
    {
        object? parsed;
        try
        {
            parsed = PythonLiteral.Parse(header);
        }
        catch (FormatException e)
        {
            throw bad($".npy header is not a Python dict literal ({e.Message})");
        }
        if (parsed is not Dictionary<string, object?> dict) throw bad(".npy header is not a dict");

        if (!dict.TryGetValue("descr", out var descrValue)) throw bad(".npy header has no 'descr'");
        if (descrValue is not string descr)
            throw bad("dtype is a structured (record) type, not supported; supported: " + DTypes.Supported);
        if (!dict.TryGetValue("fortran_order", out var fortranValue) || fortranValue is not bool fortran)
            throw bad(".npy header has no boolean 'fortran_order'");
        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not List<object?> shapeItems)
            throw bad(".npy header has no 'shape' tuple");

        var shape = new List<long>();
        foreach (var item in shapeItems)
        {
            if (item is not long d || d < 0) throw bad(".npy 'shape' is not a tuple of non-negative integers");
            shape.Add(d);
        }
        return (descr, fortran, shape);
    }
}
