namespace DecoderHw.Codec;

/// <summary>Why a stream was rejected; the hardware raises error_o for exactly these cases.</summary>
public enum StreamErrorKind
{
    /// <summary>The stream ended before the model's last weight.</summary>
    Truncated,
    /// <summary>A lane did not end a layer in state 0: flipped bits or a stream of another model.</summary>
    NonZeroFinalState,
    /// <summary>A whole word or more remains after the last layer.</summary>
    TrailingData,
    /// <summary>The padding of the last word is not zero.</summary>
    NonZeroPadding,
    /// <summary>A tables: ram header that lies: counts that do not sum to the table size, a table_log or
    /// bits over the decoder's limits, more layers than max_layers.</summary>
    BadHeader,
    /// <summary>The stream's first word is not this decoder's model tag: a stream of another model.</summary>
    WrongModel,
    /// <summary>Bits that no weight codes to: the raw code -2^(bits-1), or a Huffman pattern outside the code.</summary>
    InvalidCode,
}

/// <summary>A stream the decoder cannot accept, with where it noticed.</summary>
public sealed class StreamDecodeException(StreamErrorKind kind, long bitPosition, int layer, string detail)
    : Exception($"{kind} at bit {bitPosition} (layer {layer}): {detail}")
{
    public StreamErrorKind Kind { get; } = kind;
    public long BitPosition { get; } = bitPosition;
    public int Layer { get; } = layer;
}
