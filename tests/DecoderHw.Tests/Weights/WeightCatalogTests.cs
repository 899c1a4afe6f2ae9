using DecoderHw.Weights;
using static DecoderHw.Tests.Weights.WeightFileWriter;

namespace DecoderHw.Tests.Weights;

public sealed class WeightCatalogTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WeightCatalog_ListsFolderInPathOrder_NamingNpyByRelativePath()
    {
        Directory.CreateDirectory(_dir.File("block1"));
        Npy(_dir.File("block1/conv.npy"), "<f4", [2, 2], F32([1, 2, 3, 4]));
        Npy(_dir.File("a.npy"), "<f4", [1], F32([1]));
        Safetensors(_dir.File("head.safetensors"), [new Entry("fc.weight", "F32", [2, 2], F32([1, 2, 3, 4]))]);
        File.WriteAllText(_dir.File("README.md"), "not weights");

        var tensors = WeightCatalog.Open(_dir.Path);

        Assert.Equal(["a", "block1/conv", "fc.weight"], tensors.Select(t => t.Name));
    }

    [Fact]
    public void WeightCatalog_FindsNpyTensor_ByAnyTrailingPartOfItsPath()
    {
        Directory.CreateDirectory(_dir.File("block1"));
        string file = _dir.File("block1/conv.npy");
        Npy(file, "<f4", [1], F32([1]));

        Assert.Equal("block1/conv", WeightCatalog.Find(file, "block1/conv").Name);
        Assert.Equal("conv", WeightCatalog.Find(file, "conv").Name);
        Assert.Throws<WeightFileException>(() => WeightCatalog.Find(file, "onv"));
    }

    [Fact]
    public void WeightCatalog_Rejects_WhenFolderHasNoWeightFiles()
    {
        Assert.Contains("no .safetensors, .npy or .onnx", Assert.Throws<WeightFileException>(() => WeightCatalog.Open(_dir.Path)).Message);
    }

    [Fact]
    public void WeightCatalog_Rejects_WhenPathDoesNotExist()
    {
        string missing = _dir.File("missing.safetensors");
        Assert.StartsWith(missing, Assert.Throws<WeightFileException>(() => WeightCatalog.Open(missing)).Message);
    }

    [Fact]
    public void TensorSelection_KeepsVectorsAndSmallTensorsRaw_AndAppliesGlobs()
    {
        TensorInfo T(string name, params long[] shape) => new("f", name, "F32", ElementType.F32, 4, shape, 0);
        var tensors = new[]
        {
            T("conv1.weight", 16, 16), T("conv1.bias", 16), T("conv2.weight", 4, 4), T("fc.weight", 32, 32), T("scale"),
        };

        var (coded, raw) = new TensorSelection([], ["fc.*"], MinSize: 20).Apply(tensors);

        Assert.Equal(["conv1.weight"], coded.Select(t => t.Name));
        Assert.Equal(["conv1.bias", "conv2.weight", "scale"], raw.Select(t => t.Name));
        Assert.Equal(["fc.weight"], new TensorSelection(["*.weight"], ["conv*"]).Apply(tensors).Coded.Select(t => t.Name));
    }
}
