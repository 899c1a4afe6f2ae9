using Google.Protobuf;

namespace DecoderHw.Tests.Weights;

/// <summary>Writes small ONNX models field by field (onnx.proto's numbers), so the reader is tested on
/// files whose every byte the test chose, and OnnxRuntime runs the same files.</summary>
public static class OnnxModelWriter
{
    public const int Float = 1, Float16 = 10;

    /// <summary>How an initializer's values are stored.</summary>
    public enum Storage { RawData, FloatData, External }

    public sealed record Initializer(string Name, long[] Dims, float[] Values, int DataType = Float, Storage Store = Storage.RawData);

    public sealed record Node(string OpType, string[] Inputs, string[] Outputs, IReadOnlyDictionary<string, long>? IntAttributes = null);

    /// <summary>A model with one float input and one float output; external data goes to
    /// <paramref name="externalFile"/> beside the model.</summary>
    public static void Write(string path, IReadOnlyList<Node> nodes, IReadOnlyList<Initializer> initializers,
        (string Name, long[] Shape) input, (string Name, long[] Shape) output, string externalFile = "weights.bin")
    {
        using var external = new MemoryStream();
        var graph = Message(g =>
        {
            foreach (var node in nodes) g.Field(1, NodeBytes(node));
            g.String(2, "tiny");
            foreach (var init in initializers) g.Field(5, TensorBytes(init, external, externalFile));
            g.Field(11, ValueInfo(input.Name, input.Shape));
            g.Field(12, ValueInfo(output.Name, output.Shape));
        });
        var model = Message(m =>
        {
            m.Varint(1, 7);
            m.String(2, "decoderhw-tests");
            m.Field(7, graph);
            m.Field(8, Message(o => { o.String(1, ""); o.Varint(2, 13); }));
        });
        File.WriteAllBytes(path, model);
        if (external.Length > 0) File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, externalFile), external.ToArray());
    }

    /// <summary>Input [1, 3, 4, 4] -> Conv (W [2, 3, 3, 3], B [2]) -> [1, 2, 2, 2] -> Flatten -> Gemm
    /// (W [3, 8] transposed, B [3]) -> [1, 3]: a conv and a gemm, as the issue asks.</summary>
    public static (Node[] Nodes, Initializer[] Initializers) ConvGemm(float[] convW, float[] convB, float[] gemmW, float[] gemmB,
        int dataType = Float, Storage store = Storage.RawData) =>
        ([
            new Node("Conv", ["x", "conv.w", "conv.b"], ["c"]),
            new Node("Flatten", ["c"], ["f"], new Dictionary<string, long> { ["axis"] = 1 }),
            new Node("Gemm", ["f", "fc.w", "fc.b"], ["y"], new Dictionary<string, long> { ["transB"] = 1 }),
        ],
        [
            new Initializer("conv.w", [2, 3, 3, 3], convW, dataType, store),
            new Initializer("conv.b", [2], convB, dataType, store == Storage.External ? Storage.RawData : store),
            new Initializer("fc.w", [3, 8], gemmW, dataType, store),
            new Initializer("fc.b", [3], gemmB, dataType, store == Storage.External ? Storage.RawData : store),
        ]);

    public static readonly (string, long[]) ConvGemmInput = ("x", [1, 3, 4, 4]);
    public static readonly (string, long[]) ConvGemmOutput = ("y", [1, 3]);

    private static byte[] NodeBytes(Node node) => Message(n =>
    {
        foreach (var i in node.Inputs) n.String(1, i);
        foreach (var o in node.Outputs) n.String(2, o);
        n.String(3, node.OpType.ToLowerInvariant());
        n.String(4, node.OpType);
        foreach (var (name, value) in node.IntAttributes ?? new Dictionary<string, long>())
            n.Field(5, Message(a => { a.String(1, name); a.Varint(3, value); a.Varint(20, 2); }));
    });

    private static byte[] TensorBytes(Initializer init, MemoryStream external, string externalFile) => Message(t =>
    {
        t.Field(1, Message(d => { foreach (long dim in init.Dims) d.RawVarint(dim); }));
        t.Varint(2, init.DataType);
        t.String(8, init.Name);
        byte[] data = init.DataType == Float16 ? WeightFileWriter.F16(init.Values) : WeightFileWriter.F32(init.Values);
        switch (init.Store)
        {
            case Storage.RawData:
                t.Field(9, data);
                break;
            case Storage.FloatData:
                t.Field(4, data);  // packed repeated float: the same little-endian bytes
                break;
            case Storage.External:
                long offset = external.Length;
                external.Write(data);
                foreach (var (key, value) in new[] { ("location", externalFile), ("offset", offset.ToString()), ("length", data.Length.ToString()) })
                    t.Field(13, Message(e => { e.String(1, key); e.String(2, value); }));
                t.Varint(14, 1);
                break;
        }
    });

    private static byte[] ValueInfo(string name, long[] shape) => Message(v =>
    {
        v.String(1, name);
        v.Field(2, Message(type => type.Field(1, Message(tensor =>
        {
            tensor.Varint(1, Float);
            tensor.Field(2, Message(s => { foreach (long d in shape) s.Field(1, Message(dim => dim.Varint(1, d))); }));
        }))));
    });

    public static byte[] Message(Action<Writer> body)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) body(new Writer(output));
        return buffer.ToArray();
    }

    public sealed class Writer(CodedOutputStream output)
    {
        public void Varint(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        public void RawVarint(long value) => output.WriteInt64(value);

        public void String(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }

        public void Field(int field, byte[] bytes)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes));
        }
    }
}
