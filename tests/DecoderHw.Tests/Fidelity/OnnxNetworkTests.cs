using DecoderHw.Cli;
using DecoderHw.Fidelity;
using DecoderHw.Tests.Weights;
using SkiaSharp;
using static DecoderHw.Tests.Weights.OnnxModelWriter;

namespace DecoderHw.Tests.Fidelity;

/// <summary>The tiny conv + gemm model run by OnnxRuntime, against the same arithmetic written out in C#.</summary>
public sealed class OnnxNetworkTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[] Input(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 48).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Conv 3->2 channels, 3x3, no padding, on 4x4 (so 2x2 out), flatten (channel, row, col), then y = f W^T + b.</summary>
    private static float[] Expected(float[] x, float[] cw, float[] cb, float[] gw, float[] gb)
    {
        var f = new double[8];
        for (int o = 0; o < 2; o++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                {
                    double s = cb[o];
                    for (int c = 0; c < 3; c++)
                        for (int ki = 0; ki < 3; ki++)
                            for (int kj = 0; kj < 3; kj++)
                                s += cw[((o * 3 + c) * 3 + ki) * 3 + kj] * x[(c * 4 + i + ki) * 4 + j + kj];
                    f[o * 4 + i * 2 + j] = s;
                }
        return Enumerable.Range(0, 3).Select(k => (float)(gb[k] + Enumerable.Range(0, 8).Sum(m => f[m] * gw[k * 8 + m]))).ToArray();
    }

    private string WriteModel(Storage store = Storage.RawData)
    {
        var (cw, cb, gw, gb) = OnnxReaderTests.TinyWeights();
        var (nodes, inits) = ConvGemm(cw, cb, gw, gb, store: store);
        string path = _dir.File("tiny.onnx");
        Write(path, nodes, inits, ConvGemmInput, ConvGemmOutput);
        return path;
    }

    [Theory]
    [InlineData(Storage.RawData)]
    [InlineData(Storage.External)]
    public void Run_ComputesTheConvAndGemm_WithTheFilesWeights(Storage store)
    {
        var (cw, cb, gw, gb) = OnnxReaderTests.TinyWeights();
        using var network = new OnnxNetwork(WriteModel(store));
        var x = Input(5);

        var y = network.Run(x);

        Assert.Equal([1L, 3, 4, 4], network.InputShape);
        var expected = Expected(x, cw, cb, gw, gb);
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], y[k], 4);
    }

    [Fact]
    public void Run_UsesTheReplacedWeights_WhenInitializersAreOverridden()
    {
        var (cw, cb, gw, gb) = OnnxReaderTests.TinyWeights();
        var (cw2, _, gw2, _) = OnnxReaderTests.TinyWeights(seed: 9);
        string path = WriteModel();
        var shapes = new Dictionary<string, long[]> { ["conv.w"] = [2, 3, 3, 3], ["fc.w"] = [3, 8] };
        using var network = new OnnxNetwork(path, new Dictionary<string, float[]> { ["conv.w"] = cw2, ["fc.w"] = gw2 }, shapes);
        var x = Input(6);

        var y = network.Run(x);

        var expected = Expected(x, cw2, cb, gw2, gb);
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], y[k], 4);
        Assert.NotEqual(Expected(x, cw, cb, gw, gb)[0], y[0], 3);
    }

    [Fact]
    public void Evaluator_MeasuresCosineOne_WhenTheReplacementIsTheSameWeights_AndLessWhenNot()
    {
        var (cw, _, gw, _) = OnnxReaderTests.TinyWeights();
        string path = WriteModel();
        var inputs = Enumerable.Range(0, 6).Select(Input).ToList();
        var evaluator = new FidelityEvaluator(path, inputs);

        var same = evaluator.Measure(new Dictionary<string, float[]> { ["conv.w"] = cw.ToArray(), ["fc.w"] = gw.ToArray() });
        var coarse = evaluator.Measure(new Dictionary<string, float[]> { ["conv.w"] = cw.Select(v => MathF.Round(v * 2) / 2).ToArray() });

        Assert.Equal(1.0, same.MeanCosine, 12);
        Assert.Equal(0.0, same.MeanRelativeL2, 12);
        Assert.True(coarse.MeanCosine < 0.9999, $"{coarse.MeanCosine}");
        Assert.True(coarse.MeanRelativeL2 > 1e-3);
    }

    [Fact]
    public void Evaluator_RefusesAReplacementOfTheWrongSize()
    {
        var evaluator = new FidelityEvaluator(WriteModel(), [Input(1)]);

        var e = Assert.Throws<UserErrorException>(() => evaluator.Measure(new Dictionary<string, float[]> { ["fc.w"] = new float[5] }));

        Assert.Contains("'fc.w' has 24 elements", e.Message);
    }

    internal static void WritePng(string path, int width, int height, int seed)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var random = new Random(seed);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)random.Next(256)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void ImageInputs_MakesRoundRobinViews_AndTheSecondIsTheMirrorOfTheFirst()
    {
        Directory.CreateDirectory(_dir.File("img"));
        WritePng(_dir.File("img/a.png"), 40, 30, 1);
        WritePng(_dir.File("img/b.png"), 30, 30, 2);

        var inputs = ImageInputs.Load(ImageInputs.Find(_dir.File("img")), 5, 8, 8);

        Assert.Equal(5, inputs.Count);
        Assert.All(inputs, i => Assert.Equal(3 * 8 * 8, i.Length));
        // Order: a view 0, b view 0, a view 1 (a mirrored), b view 1, a view 2.
        for (int c = 0; c < 3; c++)
            for (int row = 0; row < 8; row++)
                for (int col = 0; col < 8; col++)
                    Assert.Equal(inputs[0][(c * 8 + row) * 8 + col], inputs[2][(c * 8 + row) * 8 + 7 - col]);
        Assert.NotEqual(inputs[0], inputs[1]);
    }

    [Fact]
    public void ImageInputs_SaysHowManyImagesAreNeeded_WhenTooManyInputsAreAsked()
    {
        Directory.CreateDirectory(_dir.File("img"));
        WritePng(_dir.File("img/a.png"), 16, 16, 1);

        var e = Assert.Throws<UserErrorException>(() => ImageInputs.Load(ImageInputs.Find(_dir.File("img")), 200, 8, 8));

        Assert.Contains("add images", e.Message);
    }
}
