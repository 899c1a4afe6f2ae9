using System.Buffers.Binary;

namespace DecoderHw.Weights;

/// <summary>Reads a tensor's elements as float, in C (row-major) order, and refuses non-finite values:
/// a NaN or infinity has no quantization level, and silently clipping it would hide a broken model.</summary>
public static class TensorReader
{
    public static float[] ReadValues(TensorInfo tensor, CancellationToken cancel = default)
    {
        if (tensor.Type == ElementType.Unsupported)
            throw new WeightFileException(tensor.File, tensor.Name, $"dtype {tensor.DType} is not supported (supported: {DTypes.Supported}); leave it out with --exclude");
        if (tensor.ElementCount > Array.MaxLength)
            throw new WeightFileException(tensor.File, tensor.Name, $"{tensor.ElementCount} elements are more than one layer can hold");

        var bytes = new byte[tensor.ByteLength];
        using (var stream = WeightFile.OpenRead(tensor.DataFile ?? tensor.File))
        {
            // The header was checked against the file's length, but the file may have changed since.
            if (tensor.DataOffset + bytes.Length > stream.Length)
                throw new WeightFileException(tensor.File, tensor.Name, "data reaches beyond the end of the file: truncated");
            stream.Position = tensor.DataOffset;
            stream.ReadExactly(bytes);
        }
        cancel.ThrowIfCancellationRequested();

        var values = Decode(tensor, bytes);
        CheckFinite(tensor, values);
        return tensor.FortranOrder && tensor.Rank > 1 ? FortranToC(values, tensor.Shape) : values;
    }

    private static float[] Decode(TensorInfo tensor, byte[] bytes)
    {
        var values = new float[tensor.ElementCount];
        var span = bytes.AsSpan();
        bool big = tensor.BigEndian;
        switch (tensor.Type)
        {
            case ElementType.F32:
                for (int i = 0; i < values.Length; i++)
                {
                    var b = span.Slice(i * 4, 4);
                    values[i] = big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);
                }
                break;
            case ElementType.F16:
                for (int i = 0; i < values.Length; i++)
                {
                    var b = span.Slice(i * 2, 2);
                    values[i] = (float)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b));
                }
                break;
            case ElementType.BF16:
                // bfloat16 is the top half of a float32, so widening is exact.
                for (int i = 0; i < values.Length; i++)
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(i * 2, 2)) << 16);
                break;
            case ElementType.I8:
                for (int i = 0; i < values.Length; i++) values[i] = (sbyte)bytes[i];
                break;
            default:
                throw new InvalidOperationException($"unhandled element type {tensor.Type}");
        }
        return values;
    }

    private static void CheckFinite(TensorInfo tensor, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            string what = float.IsNaN(values[i]) ? "NaN" : values[i] > 0 ? "+Inf" : "-Inf";
            int bad = values.Count(v => !float.IsFinite(v));
            throw new WeightFileException(tensor.File, tensor.Name,
                $"element {i} (in file order) is {what}; {bad} of {values.Length} elements are not finite; weights must be finite numbers (fix or drop the tensor)");
        }
    }

    /// <summary>Column-major to row-major: element (i0, .., ik) sits at sum(i_j * prod(shape[0..j-1])) in the file.</summary>
    private static float[] FortranToC(float[] fortran, IReadOnlyList<long> shape)
    {
        int rank = shape.Count;
        var strides = new long[rank];
        long stride = 1;
        for (int j = 0; j < rank; j++)
        {
            strides[j] = stride;
            stride *= shape[j];
        }

        var c = new float[fortran.Length];
        var index = new long[rank];
        long source = 0;
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = fortran[source];
            // Odometer over the C index, last dimension fastest, keeping the Fortran offset in step.
            for (int j = rank - 1; j >= 0; j--)
            {
                index[j]++;
                source += strides[j];
                if (index[j] < shape[j]) break;
                source -= strides[j] * index[j];
                index[j] = 0;
            }
        }
        return c;
    }
}
