using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// Places the table headers of a tables: ram stream banks-1 layers ahead (docs/bitstream.md): with two banks
/// layers 0 and 1 before layer 0's initial states, then layer k+1's before layer k's; with three (ram_banks: 3,
/// tANS) layers 0, 1 and 2, then layer k+2's. The decoder reads those headers at a layer switch and builds
/// their tables into the free banks while the layer decodes. Every coder's encoder writes its headers
/// through this, so the layout is the same for tans, huffman and rans.
/// </summary>
public sealed class RamHeaderPlacement
{
    private readonly LoadStep[][] _steps;
    private readonly long[] _bits;
    private readonly bool _enabled;
    private readonly int _banks;

    /// <param name="enabled">false for tables: rom (no headers).</param>
    /// <param name="banks">ram_banks: the table banks, so the headers run banks-1 layers ahead.</param>
    public RamHeaderPlacement(int layerCount, bool enabled, int banks = DecoderSpec.DefaultRamBanks)
    {
        _enabled = enabled;
        _banks = banks;
        _steps = enabled ? new LoadStep[layerCount][] : [];
        _bits = new long[layerCount];
    }

    /// <summary>Writes the headers that go right before layer <paramref name="k"/>'s initial states;
    /// <paramref name="writeHeader"/> writes layer j's header and returns its load steps.</summary>
    public void WriteBefore(int k, BitWriter writer, Func<int, LoadStep[]> writeHeader)
    {
        if (!_enabled) return;
        foreach (int j in RamHeader.HeadersBefore(k, _bits.Length, _banks))
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
