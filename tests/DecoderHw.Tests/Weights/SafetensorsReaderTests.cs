using DecoderHw.Cli;
using DecoderHw.Weights;
using static DecoderHw.Tests.Weights.WeightFileWriter;

namespace DecoderHw.Tests.Weights;

public sealed class SafetensorsReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // Values with at most 8 significant bits and small exponents: exact in float16 and bfloat16 alike.
    private static readonly float[] Values = [0f, 1f, -1f, 0.5f, -0.375f, 3.25f, -2f, 0.125f, 96f, -0.0078125f, 1.5f, -7f];

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void SafetensorsReader_ReadsFloatValuesExactly_WhenDtypeIs(string dtype)
    {
        var data = dtype switch { "F32" => F32(Values), "F16" => F16(Values), _ => BF16(Values) };
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w", dtype, [3, 4], data)]);

        var tensor = SafetensorsReader.ReadHeader(path).Single();

        Assert.Equal([3L, 4], tensor.Shape);
        Assert.Equal(dtype, tensor.DType);
        Assert.Equal(Values, TensorReader.ReadValues(tensor));
    }

    [Fact]
    public void SafetensorsReader_ReadsSignedBytes_WhenDtypeIsI8()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("q", "I8", [2, 3], I8([-128, -1, 0, 1, 2, 127]))]);

        Assert.Equal([-128f, -1, 0, 1, 2, 127], TensorReader.ReadValues(SafetensorsReader.ReadHeader(path).Single()));
    }

    [Fact]
    public void SafetensorsReader_ReadsEmptyAndScalarTensors()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("empty", "F32", [0, 5], []), new Entry("scalar", "F32", [], F32([2.5f]))]);

        var tensors = SafetensorsReader.ReadHeader(path).ToDictionary(t => t.Name);

        Assert.Equal(0, tensors["empty"].ElementCount);
        Assert.Empty(TensorReader.ReadValues(tensors["empty"]));
        Assert.Equal(0, tensors["scalar"].Rank);
        Assert.Equal(1, tensors["scalar"].ElementCount);
        Assert.Equal([2.5f], TensorReader.ReadValues(tensors["scalar"]));
    }

    [Fact]
    public void SafetensorsReader_ListsTensorsInDataOrder_WhenHeaderOrderDiffers()
    {
        string path = _dir.File("m.safetensors");
        // The JSON lists "b" first, but "a"'s data comes first in the file.
        Safetensors(path, [new Entry("b", "F32", [1], F32([1]), [4, 8]), new Entry("a", "F32", [1], F32([2]), [0, 4])]);

        Assert.Equal(["a", "b"], SafetensorsReader.ReadHeader(path).Select(t => t.Name));
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenFileIsTruncated()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w", "F32", [4], F32([1, 2, 3, 4]))]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        var e = Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path));
        AssertNames(e, path, "w", "beyond");
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenHeaderLengthExceedsFile()
    {
        string path = _dir.File("m.safetensors");
        File.WriteAllBytes(path, [0xff, 0xff, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}']);

        var e = Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("header length", e.Message);
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenFileIsShorterThanItsLengthPrefix()
    {
        string path = _dir.File("m.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Contains("truncated", Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path)).Message);
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenOffsetsOverlap()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("a", "F32", [2], F32([1, 2]), [0, 8]), new Entry("b", "F32", [2], F32([3, 4]), [4, 12])]);

        var e = Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path));
        AssertNames(e, path, "b", "inside tensor 'a'");
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenByteCountDisagreesWithShape()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w", "F32", [3, 3], F32([1, 2, 3, 4, 5, 6, 7, 8]))]);

        var e = Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path));
        AssertNames(e, path, "w", "needs 36");
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenOffsetsAreReversedOrNegative()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w", "F32", [1], F32([1]), [4, 0])]);
        AssertNames(Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path)), path, "w", "end before");

        Safetensors(path, [new Entry("w", "F32", [1], F32([1]), [-4, 0])]);
        AssertNames(Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path)), path, "w", "non-negative");
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenHeaderIsNotJson()
    {
        string path = _dir.File("m.safetensors");
        var json = "{\"w\": {\"dtype\": "u8.ToArray();
        File.WriteAllBytes(path, [(byte)json.Length, 0, 0, 0, 0, 0, 0, 0, .. json]);

        Assert.Contains("not valid JSON", Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path)).Message);
    }

    [Fact]
    public void SafetensorsReader_Rejects_WhenEntryLacksShape()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w", "F32", [1], F32([1]))], h => ((Dictionary<string, object>)h["w"]).Remove("shape"));

        AssertNames(Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path)), path, "w", "shape");
    }

    [Fact]
    public void TensorReader_Rejects_WhenDtypeIsUnsupported()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w64", "F64", [2], new byte[16])]);

        var tensor = SafetensorsReader.ReadHeader(path).Single();
        var e = Assert.Throws<WeightFileException>(() => TensorReader.ReadValues(tensor));
        AssertNames(e, path, "w64", "F64");
    }

    [Fact]
    public void SafetensorsReader_StillChecksOffsets_WhenDtypeIsUnknown()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("a", "F32", [2], F32([1, 2])), new Entry("x", "C64_FUTURE", [1], new byte[8], [4, 12])]);

        AssertNames(Assert.Throws<WeightFileException>(() => SafetensorsReader.ReadHeader(path)), path, "x", "inside tensor 'a'");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Inf")]
    [InlineData(float.NegativeInfinity, "-Inf")]
    public void TensorReader_Rejects_WhenWeightIsNotFinite(float bad, string expected)
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("w", "F32", [4], F32([1, 2, bad, 4]))]);

        var e = Assert.Throws<WeightFileException>(() => TensorReader.ReadValues(SafetensorsReader.ReadHeader(path).Single()));
        AssertNames(e, path, "w", $"element 2 (in file order) is {expected}");
    }

    [Fact]
    public void TensorReader_Rejects_WhenHalfPrecisionHoldsNaN()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("h", "F16", [2], [0x00, 0x3c, 0x00, 0x7e])]);

        AssertNames(Assert.Throws<WeightFileException>(() => TensorReader.ReadValues(SafetensorsReader.ReadHeader(path).Single())), path, "h", "NaN");
    }

    [Fact]
    public void WeightCatalog_NamesClosestTensor_WhenTensorIsMissing()
    {
        string path = _dir.File("m.safetensors");
        Safetensors(path, [new Entry("conv1.weight", "F32", [1], F32([1]))]);

        var e = Assert.Throws<WeightFileException>(() => WeightCatalog.Find(path, "conv2.weight"));
        AssertNames(e, path, "conv2.weight", "did you mean 'conv1.weight'");
    }

    [Fact]
    public void WeightFileException_IsAUserError_SoTheCliExitsWith2()
    {
        Assert.IsAssignableFrom<UserErrorException>(new WeightFileException("f", "t", "m"));
    }

    internal static void AssertNames(WeightFileException e, string file, string tensor, string detail)
    {
        Assert.StartsWith($"{file}: tensor '{tensor}': ", e.Message);
        Assert.Contains(detail, e.Message);
        Assert.Equal(file, e.File);
        Assert.Equal(tensor, e.Tensor);
    }
}
