using DecoderHw.Weights;
using static DecoderHw.Tests.Weights.WeightFileWriter;

namespace DecoderHw.Tests.Weights;

public sealed class NpyReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // A 2x3 matrix [[1, 2, 3], [4, 5, 6]]: C order stores rows, Fortran order stores columns.
    private static readonly float[] RowMajor = [1, 2, 3, 4, 5, 6];
    private static readonly float[] ColumnMajor = [1, 4, 2, 5, 3, 6];

    [Theory]
    [InlineData("<f4", false, 1)]
    [InlineData("<f4", true, 1)]
    [InlineData("<f2", false, 2)]
    [InlineData("<f2", true, 2)]
    [InlineData(">f4", false, 1)]
    [InlineData(">f4", true, 3)]
    [InlineData("|i1", false, 1)]
    [InlineData("|i1", true, 2)]
    public void NpyReader_ReturnsRowMajorValues_ForEveryDtypeOrderAndVersion(string descr, bool fortran, int version)
    {
        var stored = fortran ? ColumnMajor : RowMajor;
        var data = descr switch
        {
            "<f4" => F32(stored),
            ">f4" => F32(stored, bigEndian: true),
            "<f2" => F16(stored),
            _ => I8(stored.Select(v => (sbyte)v)),
        };
        string path = _dir.File("w.npy");
        Npy(path, descr, [2, 3], data, fortran, version);

        var tensor = NpyReader.ReadHeader(path, "w");

        Assert.Equal([2L, 3], tensor.Shape);
        Assert.Equal(fortran, tensor.FortranOrder);
        Assert.Equal(RowMajor, TensorReader.ReadValues(tensor));
    }

    [Fact]
    public void NpyReader_TransposesEveryAxis_WhenFortranOrderHasThreeDimensions()
    {
        // Element (i, j, k) of a 2x3x4 tensor has value 100i + 10j + k; Fortran order runs i fastest.
        var fortran = new List<float>();
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 3; j++)
                for (int i = 0; i < 2; i++) fortran.Add(100 * i + 10 * j + k);
        string path = _dir.File("t.npy");
        Npy(path, "<f4", [2, 3, 4], F32(fortran), fortran: true);

        var values = TensorReader.ReadValues(NpyReader.ReadHeader(path, "t"));

        var expected = new List<float>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) expected.Add(100 * i + 10 * j + k);
        Assert.Equal(expected, values);
    }

    [Fact]
    public void NpyReader_ReadsScalarAndEmptyArrays()
    {
        string scalar = _dir.File("s.npy"), empty = _dir.File("e.npy");
        Npy(scalar, "<f4", [], F32([-3.5f]));
        Npy(empty, "<f4", [0], []);

        Assert.Equal([-3.5f], TensorReader.ReadValues(NpyReader.ReadHeader(scalar, "s")));
        var e = NpyReader.ReadHeader(empty, "e");
        Assert.Equal(1, e.Rank);
        Assert.Empty(TensorReader.ReadValues(e));
    }

    [Fact]
    public void NpyReader_Rejects_WhenMagicIsMissing()
    {
        string path = _dir.File("w.npy");
        File.WriteAllBytes(path, "not numpy at all"u8.ToArray());

        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => NpyReader.ReadHeader(path, "w")), path, "w", "magic");
    }

    [Fact]
    public void NpyReader_Rejects_WhenDataIsTruncated()
    {
        string path = _dir.File("w.npy");
        Npy(path, "<f4", [2, 3], F32(RowMajor)[..^1]);

        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => NpyReader.ReadHeader(path, "w")), path, "w", "truncated");
    }

    [Fact]
    public void NpyReader_Rejects_WhenShapeDescribesLessThanTheData()
    {
        string path = _dir.File("w.npy");
        Npy(path, "<f4", [2, 2], F32(RowMajor));

        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => NpyReader.ReadHeader(path, "w")), path, "w", "does not describe");
    }

    [Fact]
    public void NpyReader_Rejects_WhenHeaderLengthReachesBeyondFile()
    {
        string path = _dir.File("w.npy");
        File.WriteAllBytes(path, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0xff, 0x7f, (byte)'{']);

        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => NpyReader.ReadHeader(path, "w")), path, "w", "beyond the file");
    }

    [Theory]
    [InlineData("<f8")]
    [InlineData("<i4")]
    [InlineData("|u1")]
    public void TensorReader_Rejects_WhenNpyDtypeIsUnsupported(string descr)
    {
        string path = _dir.File("w.npy");
        int size = int.Parse(descr[2..]);
        Npy(path, descr, [2], new byte[2 * size]);

        var tensor = NpyReader.ReadHeader(path, "w");
        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => TensorReader.ReadValues(tensor)), path, "w", descr);
    }

    [Theory]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "structured")]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "non-negative")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ", "Python dict literal")]
    [InlineData("descr = <f4", "Python dict literal")]
    public void NpyReader_Rejects_WhenHeaderDictIsBad(string header, string expected)
    {
        string path = _dir.File("w.npy");
        Npy(path, "<f4", [2], F32([1, 2]), headerOverride: header);

        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => NpyReader.ReadHeader(path, "w")), path, "w", expected);
    }

    [Fact]
    public void TensorReader_Rejects_WhenNpyHoldsInfinity()
    {
        string path = _dir.File("w.npy");
        Npy(path, "<f4", [3], F32([1, float.PositiveInfinity, 2]));

        SafetensorsReaderTests.AssertNames(Assert.Throws<WeightFileException>(() => TensorReader.ReadValues(NpyReader.ReadHeader(path, "w"))), path, "w", "+Inf");
    }
}
