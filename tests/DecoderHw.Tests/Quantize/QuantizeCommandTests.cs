using System.Text.Json;
using DecoderHw.Cli;
using DecoderHw.Quantize;
using DecoderHw.Spec;
using DecoderHw.Tests.Weights;
using DecoderHw.Weights;
using YamlDotNet.RepresentationModel;
using static DecoderHw.Tests.Weights.WeightFileWriter;

namespace DecoderHw.Tests.Quantize;

public sealed class QuantizeCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteModel(float? poison = null)
    {
        Directory.CreateDirectory(_dir.File("model"));
        string path = _dir.File("model/net.safetensors");
        var conv = Laplace.Sample(16 * 8 * 9, 0.1, 1);
        if (poison is { } p) conv[17] = p;
        Safetensors(path,
        [
            new Entry("block.0.conv.weight", "F32", [16, 8, 3, 3], F32(conv)),
            new Entry("block.0.conv.bias", "F32", [16], F32(Laplace.Sample(16, 0.1, 2))),
            new Entry("fc.weight", "BF16", [10, 64], BF16(Laplace.Sample(640, 0.02, 3).Select(v => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) & unchecked((int)0xffff0000))))),
        ]);
        return path;
    }

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CliApp.Run(args, new CliConsole(o, e));
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public void Quantize_WritesSpecAndReport_WhenBits4Uniform()
    {
        string model = WriteModel(), spec = _dir.File("specs/net4.yaml");

        var (exit, output, error) = Run("quantize", model, "--bits", "4", "-o", spec);

        Assert.True(exit == CliApp.ExitOk, error);
        Assert.Contains("block_0_conv_weight", output);
        var yaml = Yaml(spec);
        Assert.Equal("net4", Scalar(yaml, "name"));
        Assert.Equal("tans", Scalar(yaml, "coder"));
        Assert.Equal("11", Scalar(yaml, "table_log"));
        Assert.Equal("4", Scalar(yaml, "lanes"));
        var layers = (YamlSequenceNode)yaml["layers"];
        Assert.Equal(2, layers.Children.Count);
        var first = (YamlMappingNode)layers[0];
        Assert.Equal("block_0_conv_weight", Scalar(first, "name"));
        Assert.Equal("4", Scalar(first, "bits"));
        Assert.False(first.Children.ContainsKey("dead_zone"));
        var source = (YamlMappingNode)first["source"];
        Assert.Equal("../model/net.safetensors", Scalar(source, "file"));
        Assert.Equal("block.0.conv.weight", Scalar(source, "tensor"));

        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("specs/quantize_report.json")));
        var root = report.RootElement;
        Assert.True(root.GetProperty("layers")[0].GetProperty("sqnr_db").GetDouble() > 10);
        Assert.True(root.GetProperty("layers")[0].GetProperty("step").GetDouble() > 0);
        Assert.True(root.GetProperty("totals").GetProperty("sqnr_db").GetDouble() > 10);
        Assert.Equal(16, root.GetProperty("totals").GetProperty("raw_weights").GetInt64());
        var c = root.GetProperty("comparisons");
        Assert.Equal(32, c.GetProperty("float32").GetDouble());
        foreach (string coder in new[] { "int8", "fixed", "huffman", "tans" }) Assert.True(c.GetProperty(coder).GetDouble() > 0);
        Assert.True(c.GetProperty("tans").GetDouble() < c.GetProperty("fixed").GetDouble());
    }

    [Theory]
    [InlineData("--bits", "4", "--method", "uniform")]
    [InlineData("--bits", "3", "--method", "ecsq")]
    [InlineData("--target-bpw", "1.5", "--method", "ecsq")]
    [InlineData("--min-sqnr", "15", "--method", "uniform")]
    public void TensorLevels_ReproducesTheLevelsQuantizeMeasured_FromTheWrittenSpec(params string[] goal)
    {
        string model = WriteModel(), spec = _dir.File("net.yaml");
        var report = Pipeline(model, spec, goal);

        var layers = (YamlSequenceNode)Yaml(spec)["layers"];
        foreach (var (node, layer) in layers.Cast<YamlMappingNode>().Zip(report.Layers))
        {
            var source = (YamlMappingNode)node["source"];
            double deadZone = node.Children.ContainsKey("dead_zone") ? double.Parse(Scalar(node, "dead_zone")) : 0.5;
            var levels = TensorLevels.Load(new FileSource(Scalar(source, "file"), Scalar(source, "tensor")),
                int.Parse(Scalar(node, "bits")), double.Parse(Scalar(node, "step")), deadZone, _dir.Path);
            Assert.Equal(layer.Levels, levels);
        }
    }

    [Fact]
    public void Gen_StreamsExactlyTheLevelsAndBitsQuantizeReported()
    {
        string model = WriteModel(), spec = _dir.File("specs/net.yaml");
        var report = Pipeline(model, spec, ["--target-bpw", "1.2", "--method", "ecsq"]);
        Assert.Contains(report.Layers, l => l.DeadZone != ScalarQuantizer.RoundingDeadZone);

        var result = Generation.GenPipeline.Compute(SpecLoader.Load(spec), spec);

        Assert.Equal(report.Layers.Select(l => l.Levels), result.Model.Layers.Select(l => l.Levels));
        Assert.Equal(report.TansBits, result.Stream.TotalBits);
        Assert.Equal(report.Streamed.Tans, result.Report.Totals.BitsPerWeight, 12);
    }

    private QuantizeReport Pipeline(string model, string spec, string[] goal)
    {
        string? Arg(string name) => Array.IndexOf(goal, name) is >= 0 and var i ? goal[i + 1] : null;
        var q = new QuantizeGoal(
            Arg("--method") == "ecsq" ? QuantizeMethod.Ecsq : QuantizeMethod.Uniform,
            Arg("--bits") is { } b ? int.Parse(b) : null,
            Arg("--target-bpw") is { } t ? double.Parse(t) : null,
            Arg("--min-sqnr") is { } s ? double.Parse(s) : null);
        var request = new QuantizeRequest(model, spec, null, null, q, new CoderSetting(11, 4), 32, 11, TensorSelection.All, "test");
        return QuantizePipeline.Run(request, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null),
        }));
    }

    [Fact]
    public void Quantize_ExitsWith2AndNamesFileAndTensor_WhenFileIsTruncated()
    {
        string model = WriteModel(), spec = _dir.File("net.yaml");
        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..^100]);

        var (exit, _, error) = Run("quantize", model, "-o", spec);

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains(model, error);
        Assert.Contains("tensor 'fc.weight'", error);
        Assert.False(File.Exists(spec));
    }

    [Fact]
    public void Quantize_ExitsWith2AndNamesFileAndTensor_WhenWeightIsNaN()
    {
        string model = WriteModel(poison: float.NaN);

        var (exit, _, error) = Run("quantize", model, "-o", _dir.File("net.yaml"));

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains($"{model}: tensor 'block.0.conv.weight': element 17 (in file order) is NaN", error);
    }

    [Fact]
    public void Quantize_Succeeds_WhenTheBadTensorIsExcluded()
    {
        string model = WriteModel(poison: float.NaN);

        var (exit, _, error) = Run("quantize", model, "--exclude", "block.*", "-o", _dir.File("net.yaml"));

        Assert.True(exit == CliApp.ExitOk, error);
    }

    [Theory]
    [InlineData("--bits", "9")]
    [InlineData("--bits", "4", "--target-bpw", "1")]
    [InlineData("--target-bpw", "0")]
    [InlineData("--table-log", "13")]
    [InlineData("--lanes", "0")]
    [InlineData("--method", "kmeans")]
    [InlineData("--name", "1bad")]
    public void Quantize_ExitsWith2_WhenOptionIsInvalid(params string[] options)
    {
        string model = WriteModel();

        var (exit, _, error) = Run(["quantize", model, "-o", _dir.File("net.yaml"), .. options]);

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.NotEmpty(error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Quantize_ExitsWith2_WhenModelIsMissingOrSelectsNothing()
    {
        Assert.Equal(CliApp.ExitUserError, Run("quantize", _dir.File("none.safetensors"), "-o", _dir.File("a.yaml")).Exit);

        var (exit, _, error) = Run("quantize", WriteModel(), "--include", "nothing*", "-o", _dir.File("a.yaml"));
        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains("no tensor to quantize", error);
    }

    private static YamlMappingNode Yaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
