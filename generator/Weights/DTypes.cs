namespace DecoderHw.Weights;

/// <summary>The dtype spellings of both formats, mapped to an element type and an item size.
/// Known but unsupported dtypes keep their size so a header's offsets can still be checked.</summary>
internal static class DTypes
{
    public const string Supported = "F32, F16, BF16, I8 (safetensors); <f4, <f2, |i1 (.npy, either byte order)";

    private static readonly Dictionary<string, (ElementType Type, int Size)> Safetensors = new(StringComparer.Ordinal)
    {
        ["F32"] = (ElementType.F32, 4),
        ["F16"] = (ElementType.F16, 2),
        ["BF16"] = (ElementType.BF16, 2),
        ["I8"] = (ElementType.I8, 1),
        ["F64"] = (ElementType.Unsupported, 8),
        ["I64"] = (ElementType.Unsupported, 8),
        ["U64"] = (ElementType.Unsupported, 8),
        ["I32"] = (ElementType.Unsupported, 4),
        ["U32"] = (ElementType.Unsupported, 4),
        ["I16"] = (ElementType.Unsupported, 2),
        ["U16"] = (ElementType.Unsupported, 2),
        ["U8"] = (ElementType.Unsupported, 1),
        ["BOOL"] = (ElementType.Unsupported, 1),
        ["F8_E4M3"] = (ElementType.Unsupported, 1),
        ["F8_E5M2"] = (ElementType.Unsupported, 1),
    };

    /// <summary>Null for a dtype we do not know at all (its size, and so its offsets, cannot be checked).</summary>
    public static (ElementType Type, int Size)? FromSafetensors(string dtype) =>
        Safetensors.TryGetValue(dtype, out var t) ? t : null;

    /// <summary>numpy's <c>descr</c>: a byte-order character, a kind and an item size (<c>&lt;f4</c>).</summary>
    public static (ElementType Type, int Size, bool BigEndian)? FromNumpy(string descr)
    {
        if (descr.Length < 3) return null;
        char order = descr[0];
        if (order is not ('<' or '>' or '|' or '=')) return null;
        if (!int.TryParse(descr.AsSpan(2), out int size) || size <= 0) return null;
        // '=' is the writer's native order; every platform numpy writes from today is little-endian.
        bool bigEndian = order == '>';
        var type = (descr[1], size) switch
        {
            ('f', 4) => ElementType.F32,
            ('f', 2) => ElementType.F16,
            ('i', 1) => ElementType.I8,
            _ => ElementType.Unsupported,
        };
        return (type, size, bigEndian);
    }
}
