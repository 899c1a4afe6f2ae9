using System.Text.Json;
using DecoderHw.Cli;
using DecoderHw.Tests.Weights;
using static DecoderHw.Tests.Weights.OnnxModelWriter;

namespace DecoderHw.Tests.Fidelity;

/// <summary>quantize -> gen -> evaluate on the tiny conv + gemm model and generated photos.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CliApp.Run(args, new CliConsole(o, e));
        return (exit, o.ToString(), e.ToString());
    }

    private (string Model, string Images) Setup()
    {
        var (cw, cb, gw, gb) = OnnxReaderTests.TinyWeights();
        var (nodes, inits) = ConvGemm(cw, cb, gw, gb);
        string model = _dir.File("tiny.onnx");
        Write(model, nodes, inits, ConvGemmInput, ConvGemmOutput);
        Directory.CreateDirectory(_dir.File("img"));
        for (int i = 0; i < 3; i++) OnnxNetworkTests.WritePng(_dir.File($"img/p{i}.png"), 24 + 4 * i, 20, i);
        return (model, _dir.File("img"));
    }

    private JsonElement Fidelity(string genDir)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(genDir, "report.json")));
        return report.RootElement.GetProperty("fidelity").Clone();
    }

    [Fact]
    public void Evaluate_WritesFidelity_AndTheRtlFormatLevelsGiveTheSameNumbers()
    {
        var (model, images) = Setup();
        string spec = _dir.File("q/tiny.yaml"), gen = _dir.File("gen");
        Assert.Equal(CliApp.ExitOk, Run("quantize", model, "--bits", "3", "--min-size", "1", "-o", spec).Exit);
        Assert.Equal(CliApp.ExitOk, Run("gen", spec, "-o", gen).Exit);

        var (exit, output, error) = Run("evaluate", model, gen, "--images", images, "--inputs", "10");

        Assert.True(exit == CliApp.ExitOk, error);
        Assert.Contains("mean cosine", output);
        var fromStream = Fidelity(gen);
        Assert.Equal(10, fromStream.GetProperty("inputs").GetInt32());
        Assert.Equal(2, fromStream.GetProperty("tensors_replaced").GetInt32());
        double cosine = fromStream.GetProperty("mean_cosine").GetDouble();
        Assert.InRange(cosine, 0.5, 0.999999);  // 3 bits: close, not exact
        Assert.InRange(fromStream.GetProperty("p5_cosine").GetDouble(), -1, cosine);

        // weights.hex holds the levels the RTL must emit: evaluating them is evaluating the RTL's output.
        (exit, _, error) = Run("evaluate", model, gen, "--images", images, "--inputs", "10", "--levels", Path.Combine(gen, "vectors", "weights.hex"));
        Assert.True(exit == CliApp.ExitOk, error);
        var fromLevels = Fidelity(gen);
        foreach (var key in new[] { "mean_cosine", "p5_cosine", "mean_relative_l2", "nn_agreement" })
            Assert.Equal(fromStream.GetProperty(key).GetDouble(), fromLevels.GetProperty(key).GetDouble());
    }

    [Fact]
    public void Evaluate_GivesCosineOne_WhenEightBitsReproduceTheWeights_CloselyEnough()
    {
        var (model, images) = Setup();
        string spec = _dir.File("q/tiny8.yaml"), gen = _dir.File("gen8"), gen2 = _dir.File("gen2");
        Run("quantize", model, "--bits", "8", "--min-size", "1", "-o", spec);
        Run("gen", spec, "-o", gen);
        Run("quantize", model, "--bits", "2", "--min-size", "1", "--method", "uniform", "-o", _dir.File("q/tiny2.yaml"));
        Run("gen", _dir.File("q/tiny2.yaml"), "-o", gen2);

        Assert.Equal(CliApp.ExitOk, Run("evaluate", model, gen, "--images", images, "--inputs", "6").Exit);
        var (exit, _, error) = Run("evaluate", model, gen2, "--images", images, "--inputs", "6");

        Assert.Equal(CliApp.ExitOk, exit);
        Assert.True(Fidelity(gen).GetProperty("mean_cosine").GetDouble() > 0.999);
        Assert.True(Fidelity(gen2).GetProperty("mean_cosine").GetDouble() < Fidelity(gen).GetProperty("mean_cosine").GetDouble());
        Assert.Equal(error.Contains("likely broken"), Fidelity(gen2).GetProperty("mean_cosine").GetDouble() < 0.95);
    }

    [Fact]
    public void Evaluate_ExitsWith2_WhenTheFolderIsNotGenOutput()
    {
        var (model, images) = Setup();

        var (exit, _, error) = Run("evaluate", model, _dir.File("img"), "--images", images);

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains("not a gen output folder", error);
    }

    [Fact]
    public void QuantizeMinFidelity_ReachesTheTargetOnTheMeasuredInputs()
    {
        var (model, images) = Setup();
        string spec = _dir.File("f/tiny.yaml");

        var (exit, output, error) = Run("quantize", model, "--min-fidelity", "0.999", "--images", images, "--inputs", "6", "--min-size", "1", "-o", spec);

        Assert.True(exit == CliApp.ExitOk, error);
        Assert.Contains("measured on 6 inputs", output);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("f/quantize_report.json")));
        var root = report.RootElement;
        Assert.True(root.GetProperty("fidelity").GetProperty("mean_cosine").GetDouble() >= 0.999);
        Assert.Equal(0.999, root.GetProperty("goal").GetProperty("min_fidelity").GetDouble());
        Assert.Equal(2, root.GetProperty("sensitivity").GetArrayLength());

        // The spec it wrote, decoded by gen and measured again, has exactly that fidelity.
        Assert.Equal(CliApp.ExitOk, Run("gen", spec, "-o", _dir.File("fgen")).Exit);
        Assert.Equal(CliApp.ExitOk, Run("evaluate", model, _dir.File("fgen"), "--images", images, "--inputs", "6").Exit);
        Assert.Equal(root.GetProperty("fidelity").GetProperty("mean_cosine").GetDouble(),
            Fidelity(_dir.File("fgen")).GetProperty("mean_cosine").GetDouble(), 12);
    }

    [Fact]
    public void QuantizeMinFidelity_ExitsWith2_WithoutImages()
    {
        var (model, _) = Setup();

        var (exit, _, error) = Run("quantize", model, "--min-fidelity", "0.99", "-o", _dir.File("x.yaml"));

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains("--min-fidelity needs --images", error);
    }
}
