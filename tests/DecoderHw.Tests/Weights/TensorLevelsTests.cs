using DecoderHw.Quantize;
using DecoderHw.Spec;
using DecoderHw.Weights;
using static DecoderHw.Tests.Weights.WeightFileWriter;

namespace DecoderHw.Tests.Weights;

public sealed class TensorLevelsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TensorLevels_UsesUniformStep_WhenLayerHasNoStep()
    {
        Directory.CreateDirectory(_dir.File("model"));
        // max |w| = 1.75, bits 4: step 1.75 / 7 = 0.25, so w / step = 0.5, -0.5, 1.5, -7, 7, -2.5.
        Safetensors(_dir.File("model/m.safetensors"), [new Entry("w", "F32", [2, 3], F32([0.125f, -0.125f, 0.375f, -1.75f, 1.75f, -0.625f]))]);
        var layer = new LayerSpec("w", 4, null, new FileSource("model/m.safetensors", "w"));

        var levels = TensorLevels.Load((FileSource)layer.Source, layer, _dir.Path);

        Assert.Equal([1, -1, 2, -7, 7, -3], levels);
    }

    [Fact]
    public void TensorLevels_AppliesStepAndDeadZone_WhenGiven()
    {
        Safetensors(_dir.File("m.safetensors"), [new Entry("w", "F32", [4], F32([0.15f, 0.1875f, 0.4f, -0.4375f]))]);

        var levels = TensorLevels.Load(new FileSource("m.safetensors", "w"), bits: 3, step: 0.25, deadZone: 0.75, _dir.Path);

        // x = 0.6, 0.75, 1.6, -1.75 against thresholds 0.75, 1.75, 2.75.
        Assert.Equal([0, 1, 1, -2], levels);
    }

    [Fact]
    public void TensorLevels_Rejects_WhenTensorIsMissingOrEmpty()
    {
        Safetensors(_dir.File("m.safetensors"), [new Entry("w", "F32", [1], F32([1])), new Entry("none", "F32", [0, 4], [])]);

        var missing = Assert.Throws<WeightFileException>(() => TensorLevels.Load(new FileSource("m.safetensors", "v"), 4, null, 0.5, _dir.Path));
        Assert.Contains("tensor 'v': no such tensor", missing.Message);
        var empty = Assert.Throws<WeightFileException>(() => TensorLevels.Load(new FileSource("m.safetensors", "none"), 4, null, 0.5, _dir.Path));
        Assert.Contains("tensor 'none'", empty.Message);
    }

    [Fact]
    public void TensorLevels_Rejects_WhenStepOrDeadZoneIsOutOfRange()
    {
        Safetensors(_dir.File("m.safetensors"), [new Entry("w", "F32", [1], F32([1]))]);
        var source = new FileSource("m.safetensors", "w");

        Assert.Contains("step", Assert.Throws<WeightFileException>(() => TensorLevels.Load(source, 4, 0, 0.5, _dir.Path)).Message);
        Assert.Contains("dead_zone", Assert.Throws<WeightFileException>(() => TensorLevels.Load(source, 4, 0.1, 0.25, _dir.Path)).Message);
    }

    [Fact]
    public void TensorLevels_ReadsDeadZoneFromTheLayerSpec()
    {
        Safetensors(_dir.File("m.safetensors"), [new Entry("w", "F32", [3], F32([0.6f, 0.8f, -1.9f]))]);
        var layer = new LayerSpec("w", 3, null, new FileSource("m.safetensors", "w"), Step: 1, DeadZone: 0.75);

        Assert.Equal([0, 1, -2], TensorLevels.Load((FileSource)layer.Source, layer, _dir.Path));
    }

    [Fact]
    public void TensorLevels_MatchesScalarQuantizer_ForNpyInFortranOrder()
    {
        Npy(_dir.File("w.npy"), "<f4", [2, 2], F32([0.5f, -1f, 0.25f, 1f]), fortran: true);

        var levels = TensorLevels.Load(new FileSource("w.npy", "w"), 2, null, 0.5, _dir.Path);

        // Row-major values 0.5, 0.25, -1, 1 with step 1 (bits 2: max 1 / 1).
        Assert.Equal(new ScalarQuantizer(2, 1).Quantize([0.5f, 0.25f, -1f, 1f]), levels);
    }
}
