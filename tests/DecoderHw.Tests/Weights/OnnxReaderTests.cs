using DecoderHw.Cli;
using DecoderHw.Quantize;
using DecoderHw.Weights;
using static DecoderHw.Tests.Weights.OnnxModelWriter;

namespace DecoderHw.Tests.Weights;

public sealed class OnnxReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static (float[] ConvW, float[] ConvB, float[] GemmW, float[] GemmB) TinyWeights(int seed = 1)
    {
        var random = new Random(seed);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
        return (Draw(54), Draw(2), Draw(24), Draw(3));
    }

    private string WriteTiny(int dataType = Float, Storage store = Storage.RawData, string name = "tiny.onnx")
    {
        var (cw, cb, gw, gb) = TinyWeights();
        var (nodes, inits) = ConvGemm(cw, cb, gw, gb, dataType, store);
        string path = _dir.File(name);
        Write(path, nodes, inits, ConvGemmInput, ConvGemmOutput);
        return path;
    }

    [Theory]
    [InlineData(Storage.RawData)]
    [InlineData(Storage.FloatData)]
    [InlineData(Storage.External)]
    public void OnnxReader_ReadsEveryInitializerExactly_WhenFloat32(Storage store)
    {
        var (cw, cb, gw, gb) = TinyWeights();

        var tensors = WeightCatalog.Open(WriteTiny(Float, store));

        Assert.Equal(["conv.w", "conv.b", "fc.w", "fc.b"], tensors.Select(t => t.Name));
        Assert.Equal([2L, 3, 3, 3], tensors[0].Shape);
        Assert.Equal(cw, TensorReader.ReadValues(tensors[0]));
        Assert.Equal(cb, TensorReader.ReadValues(tensors[1]));
        Assert.Equal(gw, TensorReader.ReadValues(tensors[2]));
        Assert.Equal(gb, TensorReader.ReadValues(tensors[3]));
        Assert.Equal(store == Storage.External, tensors[0].DataFile is not null);
    }

    [Fact]
    public void OnnxReader_WidensFloat16Exactly_WhenRawData()
    {
        var (cw, _, _, _) = TinyWeights();

        var tensors = WeightCatalog.Open(WriteTiny(Float16));

        Assert.Equal(ElementType.F16, tensors[0].Type);
        Assert.Equal(cw.Select(v => (float)(Half)v), TensorReader.ReadValues(tensors[0]));
    }

    [Fact]
    public void OnnxReader_StreamsConvAndGemmWeights_AndKeepsOtherInitializersRaw()
    {
        var (cw, cb, gw, gb) = TinyWeights();
        var (nodes, inits) = ConvGemm(cw, cb, gw, gb);
        // A 2-D initializer that no Conv/Gemm/MatMul uses as a weight (a reshape target, a lookup table).
        string path = _dir.File("extra.onnx");
        Write(path, nodes, [.. inits, new Initializer("table", [4, 4], new float[16])], ConvGemmInput, ConvGemmOutput);

        var (coded, raw) = new TensorSelection([], [], MinSize: 1).Apply(WeightCatalog.Open(path));

        Assert.Equal(["conv.w", "fc.w"], coded.Select(t => t.Name));
        Assert.Equal(["conv.b", "fc.b", "table"], raw.Select(t => t.Name));
    }

    [Fact]
    public void OnnxReader_NamesFileAndTensor_WhenRawDataHasTheWrongLength()
    {
        var (nodes, inits) = ConvGemm(new float[53], new float[2], new float[24], new float[3]);
        string path = _dir.File("short.onnx");
        Write(path, nodes, inits, ConvGemmInput, ConvGemmOutput);

        var e = Assert.Throws<WeightFileException>(() => WeightCatalog.Open(path));

        Assert.Contains("tensor 'conv.w'", e.Message);
        Assert.Contains("raw_data holds 212 bytes, but dims [2, 3, 3, 3] of FLOAT need 216", e.Message);
    }

    [Fact]
    public void OnnxReader_SaysNotAValidModel_WhenTruncated()
    {
        string path = WriteTiny();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<WeightFileException>(() => WeightCatalog.Open(path));

        Assert.StartsWith(path + ": ", e.Message);
    }

    [Fact]
    public void OnnxReader_NamesTheMissingFile_WhenExternalDataIsGone()
    {
        string path = WriteTiny(Float, Storage.External);
        File.Delete(_dir.File("weights.bin"));

        var e = Assert.Throws<WeightFileException>(() => WeightCatalog.Open(path));

        Assert.Contains("external data file 'weights.bin' not found", e.Message);
    }

    [Fact]
    public void Quantize_ExitsWith2_WhenTheOnnxFileIsNotAModel()
    {
        string path = _dir.File("junk.onnx");
        File.WriteAllBytes(path, [0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]);
        var (o, e) = (new StringWriter(), new StringWriter());

        int exit = CliApp.Run(["quantize", path, "-o", _dir.File("s.yaml")], new CliConsole(o, e));

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains("junk.onnx", e.ToString());
        Assert.DoesNotContain("   at ", e.ToString());
    }

    [Fact]
    public void Quantize_WritesLowercaseLayerNamesThatGenAccepts_FromAnOnnxModel()
    {
        var (cw, cb, gw, gb) = TinyWeights();
        var (nodes, inits) = ConvGemm(cw, cb, gw, gb);
        string path = _dir.File("Model.onnx");
        Write(path, nodes, inits.Select(i => i with { Name = i.Name.Replace("conv", "Conv_Layer") }).ToArray()
            is var renamed ? renamed : inits, ConvGemmInput, ConvGemmOutput);
        // Node inputs still name the old initializers: rename them too.
        Write(path, nodes.Select(n => n with { Inputs = n.Inputs.Select(s => s.Replace("conv", "Conv_Layer")).ToArray() }).ToArray(),
            renamed, ConvGemmInput, ConvGemmOutput);
        var (o, e) = (new StringWriter(), new StringWriter());

        int exit = CliApp.Run(["quantize", path, "--bits", "6", "--min-size", "1", "-o", _dir.File("s.yaml")], new CliConsole(o, e));

        Assert.True(exit == CliApp.ExitOk, e.ToString());
        var spec = DecoderHw.Spec.SpecLoader.Load(_dir.File("s.yaml"));
        Assert.Equal(["conv_layer_w", "fc_w"], spec.Layers.Select(l => l.Name));
    }
}
