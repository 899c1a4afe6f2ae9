using Google.Protobuf;

namespace DecoderHw.Weights;

/// <summary>Lists the initializers of an ONNX model (onnx.proto's ModelProto.graph.initializer) as
/// <see cref="TensorInfo"/>s that point into the file, so values stream from disk like a safetensors
/// tensor instead of the whole model being parsed into memory. Google.Protobuf's CodedInputStream does
/// the wire format (varints, tags, skipping unknown fields); the few onnx.proto field numbers we need are
/// named below, because a generated ModelProto would copy every raw_data into a ByteString and lose the
/// file offsets that streaming needs.
/// Data locations read: <c>raw_data</c> (little-endian), packed <c>float_data</c> (float32), and
/// external data (<c>data_location: EXTERNAL</c>, keys <c>location</c>, <c>offset</c>, <c>length</c>,
/// relative to the model's folder). Initializers that are not the weight operand of a Conv, Gemm or
/// MatMul node are marked <see cref="TensorInfo.KeepRaw"/>.</summary>
public static class OnnxReader
{
    // onnx.proto field numbers (ModelProto, GraphProto, NodeProto, TensorProto, StringStringEntryProto).
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5;
    private const int NodeInput = 1, NodeOpType = 4;
    private const int TensorDims = 1, TensorDataType = 2, TensorSegment = 3, TensorFloatData = 4, TensorInt32Data = 5,
        TensorStringData = 6, TensorInt64Data = 7, TensorName = 8, TensorRawData = 9, TensorDoubleData = 10, TensorUint64Data = 11,
        TensorExternalData = 13, TensorDataLocation = 14;
    private const int EntryKey = 1, EntryValue = 2;
    private const int LocationExternal = 1;

    /// <summary>Initializers in file order.</summary>
    public static IReadOnlyList<TensorInfo> ReadHeader(string path)
    {
        using var stream = WeightFile.OpenRead(path);
        using var lengths = WeightFile.OpenRead(path);
        long fileLength = stream.Length;
        var initializers = new List<Initializer>();
        var weightOperands = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var input = new CodedInputStream(stream, leaveOpen: true);
            bool sawGraph = false;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == ModelGraph && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    sawGraph = true;
                    ReadGraph(input, lengths, End(input, fileLength), initializers, weightOperands);
                }
                else input.SkipLastField();
            }
            if (!sawGraph) throw new WeightFileException(path, "not an ONNX model: no graph (ModelProto field 7)");
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or MalformedException)
        {
            throw new WeightFileException(path, $"not a valid ONNX model (protobuf: {e.Message})");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<TensorInfo>(initializers.Count);
        foreach (var init in initializers)
        {
            if (!seen.Add(init.Name)) throw new WeightFileException(path, init.Name, "duplicate initializer name");
            tensors.Add(init.ToTensorInfo(path, fileLength, keepRaw: !weightOperands.Contains(init.Name)));
        }
        return tensors;
    }

    /// <summary>The end position of the length-delimited field whose tag was just read.</summary>
    private static long End(CodedInputStream input, long fileLength)
    {
        int length = input.ReadLength();
        long end = input.Position + length;
        if (length < 0 || end > fileLength) throw new MalformedException($"a field of {length} bytes at byte {input.Position} runs past the end of the file ({fileLength} bytes): truncated");
        return end;
    }

    private static void ReadGraph(CodedInputStream input, Stream lengths, long end, List<Initializer> initializers, HashSet<string> weightOperands)
    {
        while (input.Position < end)
        {
            uint tag = input.ReadTag();
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case GraphNode when IsMessage(tag):
                    ReadNode(input, End(input, end), weightOperands);
                    break;
                case GraphInitializer when IsMessage(tag):
                    initializers.Add(ReadTensor(input, lengths, End(input, end)));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        CheckEnd(input, end);
    }

    /// <summary>The weight operands: Conv's W (input 1), Gemm's A and B, MatMul's two inputs; only those
    /// that are initializers become layers.</summary>
    private static void ReadNode(CodedInputStream input, long end, HashSet<string> weightOperands)
    {
        var inputs = new List<string>();
        string opType = "";
        while (input.Position < end)
        {
            uint tag = input.ReadTag();
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case NodeInput when IsMessage(tag): inputs.Add(input.ReadString()); break;
                case NodeOpType when IsMessage(tag): opType = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        CheckEnd(input, end);
        switch (opType)
        {
            case "Conv" when inputs.Count > 1: weightOperands.Add(inputs[1]); break;
            case "Gemm" or "MatMul": foreach (var name in inputs.Take(2)) weightOperands.Add(name); break;
        }
    }

    private static Initializer ReadTensor(CodedInputStream input, Stream lengths, long end)
    {
        var t = new Initializer();
        while (input.Position < end)
        {
            uint tag = input.ReadTag();
            int field = WireFormat.GetTagFieldNumber(tag);
            switch (field)
            {
                case TensorDims when IsMessage(tag):
                    long dimsEnd = End(input, end);
                    while (input.Position < dimsEnd) t.Dims.Add(input.ReadInt64());
                    CheckEnd(input, dimsEnd);
                    break;
                case TensorDims: t.Dims.Add(input.ReadInt64()); break;
                case TensorDataType: t.DataType = input.ReadInt32(); break;
                case TensorName: t.Name = input.ReadString(); break;
                case TensorRawData when IsMessage(tag):
                    t.Data = Located(input, lengths, end, "raw_data");
                    break;
                case TensorFloatData when IsMessage(tag):
                    t.Data = Located(input, lengths, end, "float_data");
                    break;
                case TensorFloatData:
                    t.Unreadable ??= "float_data is not packed (one tag per value); re-save the model with raw_data";
                    input.SkipLastField();
                    break;
                case TensorInt32Data or TensorInt64Data or TensorDoubleData or TensorUint64Data or TensorStringData:
                    t.Unreadable ??= $"values stored in TensorProto field {field} ({FieldName(field)}), which is not read; only raw_data, float_data and external data are";
                    input.SkipLastField();
                    break;
                case TensorSegment:
                    t.Unreadable ??= "segmented tensor (TensorProto.segment) is not supported";
                    input.SkipLastField();
                    break;
                case TensorExternalData when IsMessage(tag):
                    ReadEntry(input, End(input, end), t.External);
                    break;
                case TensorDataLocation: t.DataLocation = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        CheckEnd(input, end);
        return t;
    }

    /// <summary>The byte range of a length-delimited field, which is then skipped without being read.</summary>
    private static (long Offset, long Length, string Field) Located(CodedInputStream input, Stream lengths, long end, string field)
    {
        // SkipLastField skips the bytes without copying them, but CodedInputStream has no public way to
        // skip after its length was read; so the length varint is read again from a second handle.
        long lengthAt = input.Position;
        input.SkipLastField();
        long fieldEnd = input.Position;
        if (fieldEnd > end) throw new MalformedException($"{field} at byte {lengthAt} runs past its tensor's end");
        lengths.Position = lengthAt;
        using var length = new CodedInputStream(lengths, leaveOpen: true);
        long offset = fieldEnd - length.ReadLength();
        if (offset <= lengthAt || offset > lengthAt + 10) throw new MalformedException($"{field} at byte {lengthAt}: its length does not match its extent");
        return (offset, fieldEnd - offset, field);
    }

    private static void ReadEntry(CodedInputStream input, long end, Dictionary<string, string> entries)
    {
        string key = "", value = "";
        while (input.Position < end)
        {
            uint tag = input.ReadTag();
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case EntryKey when IsMessage(tag): key = input.ReadString(); break;
                case EntryValue when IsMessage(tag): value = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        CheckEnd(input, end);
        entries[key] = value;
    }

    private static bool IsMessage(uint tag) => WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;

    private static void CheckEnd(CodedInputStream input, long end)
    {
        if (input.Position != end) throw new MalformedException($"a nested message overruns its length (at byte {input.Position}, expected {end})");
    }

    private static string FieldName(int field) => field switch
    {
        TensorInt32Data => "int32_data",
        TensorInt64Data => "int64_data",
        TensorDoubleData => "double_data",
        TensorUint64Data => "uint64_data",
        TensorStringData => "string_data",
        _ => field.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>onnx.proto's TensorProto.DataType: the element types we read, and the size of the others
    /// so a byte count can still be checked.</summary>
    private static (ElementType Type, int Size, string Name) DataType(int code) => code switch
    {
        1 => (ElementType.F32, 4, "FLOAT"),
        10 => (ElementType.F16, 2, "FLOAT16"),
        16 => (ElementType.BF16, 2, "BFLOAT16"),
        3 => (ElementType.I8, 1, "INT8"),
        2 => (ElementType.Unsupported, 1, "UINT8"),
        4 => (ElementType.Unsupported, 2, "UINT16"),
        5 => (ElementType.Unsupported, 2, "INT16"),
        6 => (ElementType.Unsupported, 4, "INT32"),
        7 => (ElementType.Unsupported, 8, "INT64"),
        9 => (ElementType.Unsupported, 1, "BOOL"),
        11 => (ElementType.Unsupported, 8, "DOUBLE"),
        12 => (ElementType.Unsupported, 4, "UINT32"),
        13 => (ElementType.Unsupported, 8, "UINT64"),
        _ => (ElementType.Unsupported, 0, $"data_type {code}"),
    };

    private sealed class MalformedException(string message) : Exception(message);

    private sealed class Initializer
    {
        public string Name { get; set; } = "";
        public List<long> Dims { get; } = [];
        public int DataType { get; set; }
        public (long Offset, long Length, string Field)? Data { get; set; }
        public Dictionary<string, string> External { get; } = new(StringComparer.Ordinal);
        public int DataLocation { get; set; }
        public string? Unreadable { get; set; }

        public TensorInfo ToTensorInfo(string path, long fileLength, bool keepRaw)
        {
            if (Name.Length == 0) throw new WeightFileException(path, "an initializer has no name");
            if (Dims.Any(d => d < 0)) throw new WeightFileException(path, Name, $"negative dimension in dims [{string.Join(", ", Dims)}]");
            var (type, size, typeName) = OnnxReader.DataType(DataType);
            var info = new TensorInfo(path, Name, typeName, Unreadable is null ? type : ElementType.Unsupported, size, Dims.ToArray(), 0, KeepRaw: keepRaw);
            if (Unreadable is not null)
                return info with { DType = $"{typeName} ({Unreadable})" };
            if (DataLocation == LocationExternal) return WithExternal(path, info);
            if (Data is not { } data)
            {
                if (info.ElementCount == 0) return info;
                throw new WeightFileException(path, Name, "no data: neither raw_data, float_data nor external data");
            }
            if (data.Field == "float_data" && DataType != 1)
                throw new WeightFileException(path, Name, $"float_data holds float32 values but data_type is {typeName}");
            if (size > 0 && data.Length != info.ElementCount * size)
                throw new WeightFileException(path, Name, $"{data.Field} holds {data.Length} bytes, but dims {info.ShapeText} of {typeName} need {info.ElementCount * size}");
            return info with { DataOffset = data.Offset };
        }

        private TensorInfo WithExternal(string path, TensorInfo info)
        {
            if (!External.TryGetValue("location", out var location) || location.Length == 0)
                throw new WeightFileException(path, Name, "external data without a location");
            if (Path.IsPathRooted(location) || location.Replace('\\', '/').Split('/').Contains(".."))
                throw new WeightFileException(path, Name, $"external data location '{location}' must be a path inside the model's folder");
            string file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, location);
            long offset = Number("offset", 0);
            long length = Number("length", info.ByteLength);
            if (info.ItemSize > 0 && length != info.ByteLength)
                throw new WeightFileException(path, Name, $"external data length {length} bytes, but dims {info.ShapeText} of {info.DType} need {info.ByteLength}");
            if (!File.Exists(file)) throw new WeightFileException(path, Name, $"external data file '{location}' not found beside the model");
            long available = new FileInfo(file).Length;
            if (offset + length > available)
                throw new WeightFileException(path, Name, $"external data [{offset}, {offset + length}) runs past the end of '{location}' ({available} bytes)");
            return info with { DataFile = file, DataOffset = offset };

            long Number(string key, long fallback)
            {
                if (!External.TryGetValue(key, out var text)) return fallback;
                return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n)
                    ? n : throw new WeightFileException(path, Name, $"external data {key} '{text}' is not a non-negative integer");
            }
        }
    }
}
