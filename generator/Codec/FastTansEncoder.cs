using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using DecoderHw.Model;
using DecoderHw.Tans;

namespace DecoderHw.Codec;

/// <summary>
/// The production tANS encoder (coder tans, tables rom): byte for byte the stream of the readable
/// reference <see cref="TansStreamEncoder"/>, which the tests hold it to. Built once per model;
/// <see cref="Encode(ReadOnlySpan{sbyte}, Span{byte})"/> writes into the caller's buffer and allocates nothing.
/// </summary>
/// <remarks>
/// tANS encodes backwards while the stream is read forwards. The reference stores every chunk and
/// writes them in a second pass; this encoder writes the stream itself backwards from the end of the
/// buffer, last layer first: each chunk is put in front of the bits so far
/// (<c>acc = acc &lt;&lt; nbBits | chunk</c>), whole bytes are stored every four symbols (4 x 12 + 7 bits
/// fit the 64-bit accumulator) by one unaligned store of the accumulator's top, and a layer's
/// initial states go in front of its chunks once its backward pass has found them. At the end the
/// stream, which starts at some bit of some byte near the buffer's end, is moved down to byte 0 with
/// one shifting copy (about a third of a byte per weight).
/// </remarks>
public sealed unsafe class FastTansEncoder
{
    private readonly LayerTables[] _layers;
    private readonly int _streamLanes;
    private readonly int _inputWidth;

    public FastTansEncoder(ResolvedModel model)
    {
        if (!FastTansDecoder.Supports(model.Spec))
            throw new ArgumentException($"the fast encoder writes coder tans with tables rom, not {model.Spec.Coder} with {model.Spec.Tables}", nameof(model));
        _streamLanes = model.StreamLanes;
        _inputWidth = model.InputWidth;
        _layers = model.Layers.Select(l => new LayerTables(l)).ToArray();
        WeightCount = model.WeightCount;
        long worstBits = model.Layers.Sum(l => ((long)l.WeightCount + l.ActiveLanes(_streamLanes)) * l.TableLog);
        // The backward writes start 8 bytes below the stream; the moved stream is padded to a whole word.
        long bytes = worstBits / 8 + 8 + 1 + _inputWidth / 8 + 8;
        if (bytes > Array.MaxLength) throw new ArgumentException($"a stream of up to {bytes} bytes is too large for one buffer", nameof(model));
        MaxStreamBytes = (int)bytes;
    }

    /// <summary>Weights of all layers: the length <see cref="Encode(ReadOnlySpan{sbyte}, Span{byte})"/> reads.</summary>
    public long WeightCount { get; }

    /// <summary>The buffer <see cref="Encode(ReadOnlySpan{sbyte}, Span{byte})"/> needs: the stream if every
    /// weight took TableLog bits, plus room to write it backwards.</summary>
    public int MaxStreamBytes { get; }

    /// <summary>Bytes of a stream of <paramref name="totalBits"/> bits padded to whole words (at least one).</summary>
    public static int PaddedBytes(long totalBits, int inputWidth)
    {
        long words = Math.Max(1, (totalBits + inputWidth - 1) / inputWidth);
        return (int)((words * inputWidth + 7) / 8);
    }

    /// <summary>Encodes every layer's levels (layer after layer, as <see cref="FastTansDecoder.Decode"/>
    /// returns them). The stream is the first <see cref="PaddedBytes"/>(result) bytes of
    /// <paramref name="output"/>, padding zeroed; the bytes after it are scratch.</summary>
    /// <returns>The stream's bits without padding (EncodedStream.TotalBits).</returns>
    /// <exception cref="ArgumentException">A level is not one of its layer's levels or has no table slot.</exception>
    public long Encode(ReadOnlySpan<sbyte> levels, Span<byte> output) =>
        Encode<NoChunkBits>(levels, output, default, default);

    /// <summary>Encodes and also returns each weight's chunk length and each layer's header and coded
    /// bits: what the cycle model and the reports need (gen's path).</summary>
    public long Encode(ReadOnlySpan<sbyte> levels, Span<byte> output, Span<byte> chunkBits, Span<LayerStreamStats> layerStats)
    {
        if (chunkBits.Length < WeightCount) throw new ArgumentException("one chunk length per weight", nameof(chunkBits));
        if (layerStats.Length < _layers.Length) throw new ArgumentException("one entry per layer", nameof(layerStats));
        return Encode<ChunkBits>(levels, output, chunkBits, layerStats);
    }

    /// <summary>gen's encoder: the whole <see cref="EncodedStream"/>, equal to <see cref="TansStreamEncoder.Encode"/>'s.</summary>
    public static EncodedStream EncodeModel(ResolvedModel model)
    {
        var encoder = new FastTansEncoder(model);
        var levels = new sbyte[model.WeightCount];
        long at = 0;
        foreach (var layer in model.Layers)
            for (int i = 0; i < layer.WeightCount; i++) levels[at++] = (sbyte)layer.Levels[i];
        var chunkBits = new byte[model.WeightCount];
        var stats = new LayerStreamStats[model.Layers.Count];
        var buffer = new byte[encoder.MaxStreamBytes];
        long totalBits = encoder.Encode(levels, buffer, chunkBits, stats);
        return new EncodedStream(buffer[..PaddedBytes(totalBits, model.InputWidth)], totalBits, model.InputWidth,
            BeatNeeds(model, chunkBits), stats);
    }

    /// <summary>Per layer: its INIT beats, then the bits of every beat of <c>Lanes</c> weights.</summary>
    private static int[] BeatNeeds(ResolvedModel model, byte[] chunkBits)
    {
        int lanes = model.Lanes;
        var needs = new List<int>(model.Layers.Sum(l => model.InitBeats + l.DecodeBeats(lanes)));
        long at = 0;
        foreach (var layer in model.Layers)
        {
            int active = layer.ActiveLanes(model.StreamLanes);
            for (int s = 0; s < model.InitBeats; s++)
                needs.Add(Math.Clamp(active - s * lanes, 0, lanes) * layer.TableLog);
            for (int first = 0; first < layer.WeightCount; first += lanes)
            {
                int need = 0;
                for (int i = first; i < Math.Min(layer.WeightCount, first + lanes); i++) need += chunkBits[at + i];
                needs.Add(need);
            }
            at += layer.WeightCount;
        }
        return [.. needs];
    }

    private long Encode<TRecord>(ReadOnlySpan<sbyte> levels, Span<byte> output, Span<byte> chunkBits, Span<LayerStreamStats> layerStats)
        where TRecord : struct, IChunkRecording
    {
        if (levels.Length != WeightCount)
            throw new ArgumentException($"{levels.Length} levels, the model has {WeightCount} weights", nameof(levels));
        if (output.Length < MaxStreamBytes)
            throw new ArgumentException($"output holds {output.Length} bytes, the encoder needs {MaxStreamBytes}", nameof(output));

        int lanes = _streamLanes;
        uint* x = stackalloc uint[lanes];
        fixed (sbyte* allLevels = levels)
        fixed (byte* outStart = output)
        fixed (byte* allChunkBits = chunkBits)
        {
            var w = new BackWriter(outStart + output.Length);
            long layerEnd = WeightCount;
            for (int k = _layers.Length - 1; k >= 0; k--)
            {
                var layer = _layers[k];
                long first = layerEnd - layer.WeightCount;
                long before = w.BitsWritten;
                EncodeLayer<TRecord>(layer, lanes, x, allLevels + first, TRecord.Enabled ? allChunkBits + first : null, ref w);
                long coded = w.BitsWritten - before;
                int active = Math.Min(lanes, layer.WeightCount);
                for (int j = active - 1; j >= 0; j--) w.Put(x[j] - (uint)layer.TableSize, layer.TableLog);
                if (TRecord.Enabled) layerStats[k] = new LayerStreamStats((long)active * layer.TableLog, coded);
                layerEnd = first;
            }
            long totalBits = w.Finish(out byte* start, out int lead);
            MoveDown(outStart, start, outStart + output.Length, lead, totalBits);
            long used = (totalBits + 7) >> 3;
            output[(int)used..PaddedBytes(totalBits, _inputWidth)].Clear();
            return totalBits;
        }
    }

    private static void EncodeLayer<TRecord>(LayerTables layer, int lanes, uint* x, sbyte* levels, byte* chunkBits, ref BackWriter w)
        where TRecord : struct, IChunkRecording
    {
        int n = layer.WeightCount;
        fixed (Transform* tt = layer.Transforms)
        fixed (byte* invalid = layer.Invalid)
        fixed (ushort* next = layer.NextState)
        {
            if (layer.TableLog == 0)
            {
                // One symbol, 0 bits per weight: only check that every level is it.
                for (int i = 0; i < n; i++)
                    if (levels[i] != layer.OnlyLevel) throw InvalidLevel(layer, levels[i]);
                for (int j = 0; j < lanes; j++) x[j] = 1;
                if (TRecord.Enabled) new Span<byte>(chunkBits, n).Clear();
                return;
            }
            for (int j = 0; j < lanes; j++) x[j] = (uint)layer.TableSize;
            // The last, partial beat first (encoding runs backwards), one symbol at a time.
            long full = n / lanes * lanes;
            uint bad = 0;
            var c = new Coder(tt, invalid, next);
            for (long i = n - 1; i >= full; i--)
            {
                x[i - full] = c.Symbol<TRecord>(x[i - full], levels, chunkBits, i, ref w.Acc, ref w.Count, ref bad);
                w.Flush();
            }
            w.Acc = lanes switch
            {
                1 => Run1<TRecord>(c, x, levels, chunkBits, full, ref w, ref bad),
                2 => Run2<TRecord>(c, x, levels, chunkBits, full, ref w, ref bad),
                4 => Run4<TRecord>(c, x, levels, chunkBits, full, ref w, ref bad),
                8 => Run8<TRecord>(c, x, levels, chunkBits, full, ref w, ref bad),
                _ => RunAny<TRecord>(c, x, lanes, levels, chunkBits, full, ref w, ref bad),
            };
            if (bad != 0)
                for (int i = 0; i < n; i++)
                    if (layer.Invalid[(byte)levels[i]] != 0) throw InvalidLevel(layer, levels[i]);
        }
    }

    private static ArgumentException InvalidLevel(LayerTables layer, sbyte level) =>
        new($"layer {layer.Name}: level {level} is not a level of the layer's table", "levels");

    // The kernels run weights first+count-1 down to 0 (count a multiple of the lanes) and return the
    // accumulator; the writer's pointer and count are updated through the ref.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Run1<TRecord>(Coder c, uint* x, sbyte* lv, byte* cb, long count, ref BackWriter w, ref uint bad)
        where TRecord : struct, IChunkRecording
    {
        uint s = x[0];
        ulong acc = w.Acc;
        uint bits = w.Count;
        byte* p = w.Pointer;
        long i = count - 1;
        for (; i >= 0 && (i & 3) != 3; i--)
        {
            s = c.Symbol<TRecord>(s, lv, cb, i, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
        }
        for (; i >= 3; i -= 4)
        {
            s = c.Symbol<TRecord>(s, lv, cb, i, ref acc, ref bits, ref bad);
            s = c.Symbol<TRecord>(s, lv, cb, i - 1, ref acc, ref bits, ref bad);
            s = c.Symbol<TRecord>(s, lv, cb, i - 2, ref acc, ref bits, ref bad);
            s = c.Symbol<TRecord>(s, lv, cb, i - 3, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
        }
        x[0] = s;
        w.Count = bits;
        w.Pointer = p;
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Run2<TRecord>(Coder c, uint* x, sbyte* lv, byte* cb, long count, ref BackWriter w, ref uint bad)
        where TRecord : struct, IChunkRecording
    {
        uint s0 = x[0], s1 = x[1];
        ulong acc = w.Acc;
        uint bits = w.Count;
        byte* p = w.Pointer;
        long i = count - 2;
        if ((count & 3) != 0)
        {
            s1 = c.Symbol<TRecord>(s1, lv, cb, i + 1, ref acc, ref bits, ref bad);
            s0 = c.Symbol<TRecord>(s0, lv, cb, i, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
            i -= 2;
        }
        for (; i >= 0; i -= 4)
        {
            s1 = c.Symbol<TRecord>(s1, lv, cb, i + 1, ref acc, ref bits, ref bad);
            s0 = c.Symbol<TRecord>(s0, lv, cb, i, ref acc, ref bits, ref bad);
            s1 = c.Symbol<TRecord>(s1, lv, cb, i - 1, ref acc, ref bits, ref bad);
            s0 = c.Symbol<TRecord>(s0, lv, cb, i - 2, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
        }
        x[0] = s0; x[1] = s1;
        w.Count = bits;
        w.Pointer = p;
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Run4<TRecord>(Coder c, uint* x, sbyte* lv, byte* cb, long count, ref BackWriter w, ref uint bad)
        where TRecord : struct, IChunkRecording
    {
        uint s0 = x[0], s1 = x[1], s2 = x[2], s3 = x[3];
        ulong acc = w.Acc;
        uint bits = w.Count;
        byte* p = w.Pointer;
        for (long i = count - 4; i >= 0; i -= 4)
        {
            s3 = c.Symbol<TRecord>(s3, lv, cb, i + 3, ref acc, ref bits, ref bad);
            s2 = c.Symbol<TRecord>(s2, lv, cb, i + 2, ref acc, ref bits, ref bad);
            s1 = c.Symbol<TRecord>(s1, lv, cb, i + 1, ref acc, ref bits, ref bad);
            s0 = c.Symbol<TRecord>(s0, lv, cb, i, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
        }
        x[0] = s0; x[1] = s1; x[2] = s2; x[3] = s3;
        w.Count = bits;
        w.Pointer = p;
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Run8<TRecord>(Coder c, uint* x, sbyte* lv, byte* cb, long count, ref BackWriter w, ref uint bad)
        where TRecord : struct, IChunkRecording
    {
        uint s0 = x[0], s1 = x[1], s2 = x[2], s3 = x[3], s4 = x[4], s5 = x[5], s6 = x[6], s7 = x[7];
        ulong acc = w.Acc;
        uint bits = w.Count;
        byte* p = w.Pointer;
        for (long i = count - 8; i >= 0; i -= 8)
        {
            s7 = c.Symbol<TRecord>(s7, lv, cb, i + 7, ref acc, ref bits, ref bad);
            s6 = c.Symbol<TRecord>(s6, lv, cb, i + 6, ref acc, ref bits, ref bad);
            s5 = c.Symbol<TRecord>(s5, lv, cb, i + 5, ref acc, ref bits, ref bad);
            s4 = c.Symbol<TRecord>(s4, lv, cb, i + 4, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
            s3 = c.Symbol<TRecord>(s3, lv, cb, i + 3, ref acc, ref bits, ref bad);
            s2 = c.Symbol<TRecord>(s2, lv, cb, i + 2, ref acc, ref bits, ref bad);
            s1 = c.Symbol<TRecord>(s1, lv, cb, i + 1, ref acc, ref bits, ref bad);
            s0 = c.Symbol<TRecord>(s0, lv, cb, i, ref acc, ref bits, ref bad);
            BackWriter.Flush(ref p, acc, ref bits);
        }
        x[0] = s0; x[1] = s1; x[2] = s2; x[3] = s3; x[4] = s4; x[5] = s5; x[6] = s6; x[7] = s7;
        w.Count = bits;
        w.Pointer = p;
        return acc;
    }

    /// <summary>Any other lane count (3, 5-7, 9-32): states in memory, a flush every four symbols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong RunAny<TRecord>(Coder c, uint* x, int lanes, sbyte* lv, byte* cb, long count, ref BackWriter w, ref uint bad)
        where TRecord : struct, IChunkRecording
    {
        ulong acc = w.Acc;
        uint bits = w.Count;
        byte* p = w.Pointer;
        for (long first = count - lanes; first >= 0; first -= lanes)
            for (int j = lanes - 1; j >= 0; j--)
            {
                x[j] = c.Symbol<TRecord>(x[j], lv, cb, first + j, ref acc, ref bits, ref bad);
                if ((j & 3) == 0) BackWriter.Flush(ref p, acc, ref bits);
            }
        w.Count = bits;
        w.Pointer = p;
        return acc;
    }

    /// <summary>Moves the stream (<paramref name="totalBits"/> bits from bit <paramref name="lead"/> of
    /// <paramref name="source"/>) down to bit 0 of <paramref name="target"/> &lt;= source. Reading each
    /// 16 bytes before writing the first 8 of them keeps the overlapping copy exact.</summary>
    private static void MoveDown(byte* target, byte* source, byte* end, int lead, long totalBits)
    {
        long bytes = (totalBits + 7) >> 3;
        if (lead == 0)
        {
            Buffer.MemoryCopy(source, target, bytes, bytes);
            return;
        }
        long k = 0;
        for (; k + 8 <= bytes && source + k + 16 <= end; k += 8)
        {
            ulong low = Unsafe.ReadUnaligned<ulong>(source + k), high = Unsafe.ReadUnaligned<ulong>(source + k + 8);
            Unsafe.WriteUnaligned(target + k, (low >> lead) | (high << (64 - lead)));
        }
        for (; k < bytes; k++)
        {
            uint next = source + k + 1 < end ? source[k + 1] : 0u;
            target[k] = (byte)(((uint)source[k] >> lead) | (next << (8 - lead)));
        }
    }

    /// <summary>A symbol's encode step, indexed by the level's byte: nbBits = (x + DeltaNbBits) >> 16 as in
    /// FSE, and the next state NextState[Row + (x >> Shift)].</summary>
    /// <remarks>
    /// FSE's next state is StateTable[(x >> nbBits) + DeltaFindState], two dependent steps on the state
    /// chain (nbBits from x, then the shift). nbBits is MaxBitsOut or MaxBitsOut - 1 (x below
    /// n &lt;&lt; MaxBitsOut), so with Shift = MaxBitsOut - 1 both x >> nbBits and the choice of nbBits are
    /// functions of y = x >> Shift alone: a row over y holds the next state outright, and the chain is
    /// one shift and one load. A symbol's row has at most 2n + 1 entries, the layer's at most 2 x TableSize + 2
    /// plus one per symbol, about as small as FSE's state table.
    /// </remarks>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = 16)]
    private readonly record struct Transform(uint DeltaNbBits, int Shift, int Row);

    /// <summary>One layer's encode tables, indexed by the level as a byte so no level can read outside
    /// them: a byte that is no level of the layer (or a level without a slot) gets a transform to a
    /// dummy row and a mark in <see cref="Invalid"/>, checked once per layer.</summary>
    private sealed class LayerTables
    {
        public LayerTables(ResolvedLayer layer)
        {
            Name = layer.Name;
            TableLog = layer.TableLog;
            WeightCount = layer.WeightCount;
            var tables = layer.Tables;
            OnlyLevel = (sbyte)(Array.FindIndex(tables.NormalizedCounter, c => c > 0) - layer.MaxLevel);
            Transforms = new Transform[256];
            Invalid = new byte[256];
            if (TableLog == 0)
            {
                NextState = new ushort[1];
                return;
            }
            // Row 0 (two entries, y = 2 and 3 at Shift TableLog - 1) is where every invalid byte goes.
            var next = new List<ushort> { (ushort)TableSize, (ushort)TableSize };
            for (int b = 0; b < 256; b++)
            {
                int level = (sbyte)b;
                int symbol = level + layer.MaxLevel;
                if (symbol >= 0 && symbol < tables.NormalizedCounter.Length && tables.NormalizedCounter[symbol] > 0)
                {
                    int n = tables.NormalizedCounter[symbol];
                    var t = tables.SymbolTT[symbol];
                    int maxBitsOut = n == 1 ? TableLog : TableLog - TableBuilder.HighBit(n - 1);
                    int shift = maxBitsOut - 1;
                    int first = TableSize >> shift, last = (2 * TableSize - 1) >> shift;
                    Transforms[b] = new Transform(t.DeltaNbBits, shift, next.Count - first);
                    for (int y = first; y <= last; y++)
                    {
                        int x = y << shift;
                        int nb = (int)(unchecked((uint)x + t.DeltaNbBits) >> 16);
                        next.Add((ushort)tables.StateTable[(x >> nb) + t.DeltaFindState]);
                    }
                }
                else
                {
                    Transforms[b] = new Transform(unchecked((uint)((TableLog << 16) - TableSize)), TableLog - 1, -2);
                    Invalid[b] = 1;
                }
            }
            NextState = [.. next];
        }

        public string Name { get; }
        public int TableLog { get; }
        public int TableSize => 1 << TableLog;
        public int WeightCount { get; }
        public sbyte OnlyLevel { get; }
        public Transform[] Transforms { get; }
        public byte[] Invalid { get; }
        /// <summary>Every symbol's row of next states (see <see cref="Transform"/>).</summary>
        public ushort[] NextState { get; }
    }

    /// <summary>The per-symbol step, over pinned tables.</summary>
    private readonly struct Coder(Transform* transforms, byte* invalid, ushort* nextState)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Symbol<TRecord>(uint x, sbyte* levels, byte* chunkBits, long i, ref ulong acc, ref uint bits, ref uint bad)
            where TRecord : struct, IChunkRecording
        {
            byte level = (byte)levels[i];
            Transform t = transforms[level];
            bad |= invalid[level];
            uint nb = (x + t.DeltaNbBits) >> 16;
            acc = (acc << (int)nb) | Low(x, nb);
            bits += nb;
            if (TRecord.Enabled) chunkBits[i] = (byte)nb;
            // The row pointer comes from the level, not the state: only the shift and the load are on the chain.
            ushort* row = nextState + t.Row;
            return row[x >> t.Shift];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Low(uint x, uint nb) => Bmi2.IsSupported ? Bmi2.ZeroHighBits(x, nb) : x & ((1u << (int)nb) - 1);
    }

    /// <summary>Writes bits in front of the bits so far, from the end of the buffer down.</summary>
    private struct BackWriter(byte* end)
    {
        private readonly byte* _end = end;
        public byte* Pointer = end;
        public ulong Acc;
        /// <summary>Bits in <see cref="Acc"/> not yet stored (at most 7 after a flush).</summary>
        public uint Count;

        public readonly long BitsWritten => (_end - Pointer) * 8L + Count;

        /// <summary>Puts a field of <paramref name="nbBits"/> (at most 32) bits in front, storing whole bytes.</summary>
        public void Put(uint value, int nbBits)
        {
            Acc = (Acc << nbBits) | (value & (uint)((1UL << nbBits) - 1));
            Count += (uint)nbBits;
            Flush();
        }

        public void Flush() => Flush(ref Pointer, Acc, ref Count);

        /// <summary>Stores the top whole bytes of the accumulator's <paramref name="count"/> (&lt;= 63) bits
        /// just below <paramref name="pointer"/>; the 8-byte store also writes bytes further down, which
        /// later stores overwrite.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Flush(ref byte* pointer, ulong acc, ref uint count)
        {
            Unsafe.WriteUnaligned(pointer - 8, acc << (int)(64 - count));
            pointer -= count >> 3;
            count &= 7;
        }

        /// <summary>Stores the last partial byte; returns the stream's bits, its first byte and the bit it starts at.</summary>
        public long Finish(out byte* start, out int lead)
        {
            lead = 0;
            if (Count > 0)
            {
                *--Pointer = (byte)(Acc << (int)(8 - Count));
                lead = (int)(8 - Count);
                Count = 0;
            }
            start = Pointer;
            return (_end - Pointer) * 8L - lead;
        }
    }

    /// <summary>Whether the kernels store each chunk's length: a compile-time switch per instantiation.</summary>
    private interface IChunkRecording
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct ChunkBits : IChunkRecording
    {
        public static bool Enabled => true;
    }

    private readonly struct NoChunkBits : IChunkRecording
    {
        public static bool Enabled => false;
    }
}
