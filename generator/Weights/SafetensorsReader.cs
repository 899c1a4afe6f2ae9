using System.Buffers.Binary;
using System.Text.Json;

namespace DecoderHw.Weights;

/// <summary>Reads the header of a .safetensors file: an 8-byte little-endian header length, a JSON object
/// <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>, then the data, with
/// offsets relative to the first byte after the header. Every claim of the header is checked against
/// the file before anything trusts it.</summary>
public static class SafetensorsReader
{
    /// <summary>The reference implementation's limit; a larger value is a corrupt length, not a header.</summary>
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Tensors in data order (the order a network's layers are usually written in).</summary>
    public static IReadOnlyList<TensorInfo> ReadHeader(string path)
    {
        using var stream = WeightFile.OpenRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8) throw new WeightFileException(path, $"truncated: {fileLength} bytes, a safetensors file starts with an 8-byte header length");

        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw new WeightFileException(path, $"header length {headerLength} does not fit in the file ({fileLength} bytes): truncated or not a safetensors file");

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataStart = 8 + (long)headerLength;
        var tensors = ParseHeader(path, json, dataStart, fileLength - dataStart);
        CheckNoOverlap(path, tensors);
        return tensors.Select(t => t.Info).OrderBy(t => t.DataOffset).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A tensor with the byte range its header claims (relative to the data), which is what
    /// overlaps are judged on, even for a dtype whose size we do not know.</summary>
    private readonly record struct Claimed(TensorInfo Info, long Begin, long End);

    private static List<Claimed> ParseHeader(string path, byte[] json, long dataStart, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new WeightFileException(path, $"header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new WeightFileException(path, "header is not a JSON object");

            var tensors = new List<Claimed>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw new WeightFileException(path, property.Name, "listed twice in the header");
                if (property.Name == "__metadata__") continue;
                tensors.Add(ParseTensor(path, property.Name, property.Value, dataStart, dataLength));
            }
            return tensors;
        }
    }

    private static Claimed ParseTensor(string path, string name, JsonElement entry, long dataStart, long dataLength)
    {
        WeightFileException Bad(string message) => new(path, name, message);

        if (entry.ValueKind != JsonValueKind.Object) throw Bad("header entry is not an object");
        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad("header entry has no string 'dtype'");
        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad("header entry has no 'shape' array");
        if (!entry.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
            throw Bad("header entry has no 'data_offsets' [begin, end]");

        var shape = new List<long>();
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0)
                throw Bad($"shape {shapeElement.GetRawText()} is not a list of non-negative integers");
            shape.Add(d);
        }

        long begin = Offset(offsetsElement[0]), end = Offset(offsetsElement[1]);
        if (begin < 0 || end < 0) throw Bad($"data_offsets {offsetsElement.GetRawText()} are not non-negative integers");
        if (begin > end) throw Bad($"data_offsets [{begin}, {end}] end before they begin");
        if (end > dataLength)
            throw Bad($"data_offsets [{begin}, {end}] reach beyond the data ({dataLength} bytes after the header): truncated or corrupt");

        string dtype = dtypeElement.GetString()!;
        var known = DTypes.FromSafetensors(dtype);
        var info = new TensorInfo(path, name, dtype, known?.Type ?? ElementType.Unsupported, known?.Size ?? 0, shape, dataStart + begin);
        long elements = Elements(path, name, shape);
        if (known is { } k && (elements > long.MaxValue / k.Size || elements * k.Size != end - begin))
            throw Bad($"data_offsets [{begin}, {end}] hold {end - begin} bytes, but shape {info.ShapeText} of {dtype} needs {SafeProduct(elements, k.Size)}");
        return new Claimed(info, begin, end);
    }

    private static long Offset(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : -1;

    private static long Elements(string path, string name, IEnumerable<long> shape)
    {
        try
        {
            return shape.Aggregate(1L, (n, d) => checked(n * d));
        }
        catch (OverflowException)
        {
            throw new WeightFileException(path, name, "shape has more elements than a file can hold");
        }
    }

    private static string SafeProduct(long elements, int size) =>
        elements > long.MaxValue / size ? "more than a file can hold" : $"{elements * size}";

    /// <summary>Two tensors sharing bytes means the header lies about at least one of them.</summary>
    private static void CheckNoOverlap(string path, List<Claimed> tensors)
    {
        Claimed? previous = null;
        foreach (var t in tensors.Where(t => t.End > t.Begin).OrderBy(t => t.Begin))
        {
            if (previous is { } p && t.Begin < p.End)
                throw new WeightFileException(path, t.Info.Name,
                    $"data_offsets begin at {t.Begin}, inside tensor '{p.Info.Name}' (which ends at {p.End})");
            previous = t;
        }
    }
}
