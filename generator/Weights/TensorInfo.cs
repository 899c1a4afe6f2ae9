namespace DecoderHw.Weights;

/// <summary>Element types the importer can turn into weights. Everything else is listed but not read.</summary>
public enum ElementType { F32, F16, BF16, I8, Unsupported }

/// <summary>One tensor of a weight file, as its header describes it (no data read yet).</summary>
/// <param name="File">The file the tensor lives in, as given by the user (used in every message).</param>
/// <param name="Name">The tensor's name: the safetensors key, or for .npy the path without extension.</param>
/// <param name="DType">The dtype as the file spells it (<c>F32</c>, <c>&lt;f4</c>, ...), for messages.</param>
/// <param name="Shape">Dimensions; empty for a scalar.</param>
/// <param name="DataOffset">Absolute byte offset of the first element in the file.</param>
/// <param name="FortranOrder">.npy column-major data; the reader returns C (row-major) order regardless.</param>
/// <param name="BigEndian">.npy <c>&gt;</c> byte order; safetensors is always little-endian.</param>
/// <param name="DataFile">Where the data is when not in <paramref name="File"/> (ONNX external data).</param>
/// <param name="KeepRaw">Not a weight to stream whatever its size (an ONNX initializer that is not a
/// Conv, Gemm or MatMul weight: a shape, a batch-norm statistic).</param>
public sealed record TensorInfo(
    string File,
    string Name,
    string DType,
    ElementType Type,
    int ItemSize,
    IReadOnlyList<long> Shape,
    long DataOffset,
    bool FortranOrder = false,
    bool BigEndian = false,
    string? DataFile = null,
    bool KeepRaw = false)
{
    /// <summary>Elements: the product of the shape (1 for a scalar, 0 if any dimension is 0).</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    public long ByteLength => ElementCount * ItemSize;

    public int Rank => Shape.Count;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
