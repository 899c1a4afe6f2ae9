namespace DecoderHw.Codec;

/// <summary>
/// Places the table headers of a tables: ram stream one layer ahead (docs/bitstream.md): layers 0 and 1
/// before layer 0's initial states, then layer k+1's before layer k's. The decoder reads the next layer's
/// header at a layer switch and builds its table into the second bank while the layer decodes. Every
/// coder's encoder writes its headers through this, so the layout is the same for tans, huffman and rans.
/// </summary>
public sealed class RamHeaderPlacement
{
    private readonly LoadStep[][] _steps;
    private readonly long[] _bits;
    private readonly bool _enabled;

    /// <param name="enabled">false for tables: rom (no headers).</param>
    public RamHeaderPlacement(int layerCount, bool enabled)
    {
        _enabled = enabled;
        _steps = enabled ? new LoadStep[layerCount][] : [];
        _bits = new long[layerCount];
    }

    /// <summary>Writes the headers that go right before layer <paramref name="k"/>'s initial states;
    /// <paramref name="writeHeader"/> writes layer j's header and returns its load steps.</summary>
    public void WriteBefore(int k, BitWriter writer, Func<int, LoadStep[]> writeHeader)
    {
        if (!_enabled) return;
        foreach (int j in RamHeader.HeadersBefore(k, _bits.Length))
        {
            long start = writer.BitCount;
            _steps[j] = writeHeader(j);
            _bits[j] = writer.BitCount - start;
        }
    }

    /// <summary>Bits of layer <paramref name="k"/>'s own table header (counted as its header bits in the
    /// stats, wherever the stream carries it).</summary>
    public long BitsOf(int k) => _bits[k];

    /// <summary>Per layer, the steps that load its header (EncodedStream.LayerLoadSteps); empty for rom.</summary>
    public IReadOnlyList<LoadStep[]> Steps => _steps;
}
