using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DecoderHw.Tests.Weights;

/// <summary>Writes weight files byte by byte, so the readers are tested against files whose every byte
/// the test chose (including the broken ones), not against another library's output.</summary>
public static class WeightFileWriter
{
    public sealed record Entry(string Name, string DType, long[] Shape, byte[] Data, long[]? Offsets = null);

    /// <summary>A .safetensors file; <see cref="Entry.Offsets"/> overrides the honest offsets, to make a
    /// header lie. Returns the header length.</summary>
    public static long Safetensors(string path, IEnumerable<Entry> entries, Action<Dictionary<string, object>>? editHeader = null)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        using var data = new MemoryStream();
        foreach (var e in entries)
        {
            long begin = data.Length;
            data.Write(e.Data);
            header[e.Name] = new Dictionary<string, object>
            {
                ["dtype"] = e.DType,
                ["shape"] = e.Shape,
                ["data_offsets"] = e.Offsets ?? [begin, data.Length],
            };
        }
        editHeader?.Invoke(header);
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        File.WriteAllBytes(path, [.. prefix, .. json, .. data.ToArray()]);
        return json.Length;
    }

    /// <summary>A .npy file of format <paramref name="version"/> (1, 2 or 3), padded to 64 bytes as numpy does.</summary>
    public static void Npy(string path, string descr, long[] shape, byte[] data, bool fortran = false, int version = 1, string? headerOverride = null)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = headerOverride ?? $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int lengthBytes = version == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.Length + 1;
        string header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";

        using var file = new MemoryStream();
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        var length = new byte[lengthBytes];
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        file.Write(length);
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
        File.WriteAllBytes(path, file.ToArray());
    }

    public static byte[] F32(IEnumerable<float> values, bool bigEndian = false) => Bytes(values, 4, (b, v) =>
    {
        if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(b, v);
        else BinaryPrimitives.WriteSingleLittleEndian(b, v);
    });

    public static byte[] F16(IEnumerable<float> values) => Bytes(values, 2, (b, v) => BinaryPrimitives.WriteHalfLittleEndian(b, (Half)v));

    /// <summary>bfloat16 by truncation: exact for the test values, which have at most 8 significant bits.</summary>
    public static byte[] BF16(IEnumerable<float> values) =>
        Bytes(values, 2, (b, v) => BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)(BitConverter.SingleToInt32Bits(v) >>> 16)));

    public static byte[] I8(IEnumerable<sbyte> values) => values.Select(v => (byte)v).ToArray();

    private static byte[] Bytes(IEnumerable<float> values, int size, Action<Span<byte>, float> write)
    {
        var list = values.ToList();
        var bytes = new byte[list.Count * size];
        for (int i = 0; i < list.Count; i++) write(bytes.AsSpan(i * size, size), list[i]);
        return bytes;
    }
}

/// <summary>A fresh folder per test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "decoderhw-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
