namespace DecoderHw.Huffman;

/// <summary>A canonical, length-limited prefix code over a layer's symbols (placeholder until the
/// Huffman coder lands: lengths per symbol, 0 for an absent symbol).</summary>
public sealed record LayerHuffmanCode(int[] CodeLengths)
{
    public int MaxCodeLength => CodeLengths.Length == 0 ? 0 : CodeLengths.Max();
}
