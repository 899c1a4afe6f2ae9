using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// The production tANS decoder (coder tans, tables rom): the same stream, the same weights and the same
/// errors (kind, bit position, layer) as the readable reference <see cref="TansStreamDecoder"/>, which
/// the tests hold it to, at several times its speed. Built once per model; <see cref="Decode"/> writes
/// into the caller's buffer and allocates nothing.
/// </summary>
/// <remarks>
/// Why it is fast, in the order it matters:
/// <list type="bullet">
/// <item>Packed 4-byte entries <c>nbBits | level &lt;&lt; 8 | baseline &lt;&lt; 16</c>: BZHI and SHRX take their
/// count from the low byte of a register, so the entry itself is the bit count, and the level is
/// stored ready to emit. The serial chain per state is load -> BZHI -> add; with one or two stream lanes
/// (latency-bound: too few chains to overlap) 8-byte entries hold the next entry's base address instead, and
/// the add goes into the load's addressing mode (0.55x -> 0.68x FSE at one lane, BENCHMARKS.md).</item>
/// <item>One unaligned 64-bit read per four symbols (4 x TableLog &lt;= 48 of the 56..63 bits a lookahead
/// buffer holds after a refill), off the state chain; the stream lanes' states in locals, one kernel per lane count.</item>
/// <item>No end-of-stream check inside a run: the run is as many beats as cannot reach the end even
/// if every symbol read TableLog bits; only the last few beats take the checked path.</item>
/// </list>
/// </remarks>
public sealed unsafe class FastTansDecoder
{
    private readonly uint[][] _tables;
    private readonly ulong[]?[]? _chainTables;
    private readonly int[] _tableLogs;
    private readonly int[] _weightCounts;
    private readonly int _streamLanes;
    private readonly int _inputWidth;

    /// <summary>Coder and table mode this decoder reads: tANS with tables in ROM (the model's own tables).</summary>
    public static bool Supports(DecoderSpec spec) => spec.Coder == CoderKind.Tans && spec.Tables == TableMode.Rom;

    public FastTansDecoder(ResolvedModel model)
    {
        if (!Supports(model.Spec))
            throw new ArgumentException($"the fast decoder reads coder tans with tables rom, not {model.Spec.Coder} with {model.Spec.Tables}", nameof(model));
        _streamLanes = model.StreamLanes;
        _inputWidth = model.InputWidth;
        _tables = model.Layers.Select(l => PackedDecodeTable(l)).ToArray();
        _tableLogs = model.Layers.Select(l => l.TableLog).ToArray();
        _weightCounts = model.Layers.Select(l => l.WeightCount).ToArray();
        if (_streamLanes <= 2)
            _chainTables = _tables.Select((t, k) => UsesChainTable(t.Length, _weightCounts[k]) ? ChainTable(t) : null).ToArray();
        WeightCount = model.WeightCount;
    }

    /// <summary>Weights of all layers: the length <see cref="Decode"/> fills.</summary>
    public long WeightCount { get; }

    /// <summary>Entry u: <c>nbBits | (byte)level &lt;&lt; 8 | baseline &lt;&lt; 16</c> (baseline &lt; 2^12).</summary>
    internal static uint[] PackedDecodeTable(ResolvedLayer layer)
    {
        var decode = layer.Tables.Decode;
        var packed = new uint[decode.Length];
        for (int u = 0; u < decode.Length; u++)
        {
            var e = decode[u];
            packed[u] = (uint)e.NbBits | (uint)(byte)(sbyte)(e.Symbol - layer.MaxLevel) << 8 | (uint)e.Baseline << 16;
        }
        return packed;
    }

    /// <summary>The chained table is twice the size of the packed one and a layer's tables start cold, so
    /// it can pay only when the layer reads each entry several times. On age_gender (32 layers, 13k
    /// weights on average) one lane ran 0.58x FSE with it on every layer and 0.59-0.63x with this
    /// threshold: within the loaded machine's noise, kept for the reason above.</summary>
    private static bool UsesChainTable(int tableSize, int weights) => tableSize > 1 && weights >= 8L * tableSize;

    /// <summary>The single-lane table: entry u is the packed entry with its baseline replaced by the
    /// address of entry baseline (bits 16..63), so the next entry's address is that plus 8 x the bits
    /// read, one addressing mode: the state chain loses its add. In pinned memory, as the addresses require.</summary>
    private static ulong[] ChainTable(uint[] packed)
    {
        var chain = GC.AllocateUninitializedArray<ulong>(packed.Length, pinned: true);
        fixed (ulong* first = chain)
            for (int u = 0; u < packed.Length; u++)
                chain[u] = (ulong)(first + (packed[u] >> 16)) << 16 | (packed[u] & 0xFFFF);
        return chain;
    }

    /// <summary>Decodes every layer into <paramref name="levels"/>, layer after layer (weight i of
    /// layer k at the sum of the earlier layers' counts plus i).</summary>
    /// <param name="words">Words of the model's input width in the stream (the stream's length).</param>
    /// <exception cref="StreamDecodeException">The stream is corrupt; exactly where the reference says so.</exception>
    public void Decode(ReadOnlySpan<byte> stream, int words, Span<sbyte> levels)
    {
        long available = (long)words * _inputWidth;
        if (stream.Length * 8L < available)
            throw new ArgumentException($"stream has {stream.Length} bytes, fewer than {words} words", nameof(stream));
        if (levels.Length < WeightCount)
            throw new ArgumentException($"{levels.Length} levels do not hold the model's {WeightCount} weights", nameof(levels));

        int lanes = _streamLanes;
        uint* states = stackalloc uint[lanes];
        for (int j = 0; j < lanes; j++) states[j] = 0;
        fixed (byte* source = stream)
        fixed (sbyte* output = levels)
        {
            var bits = new Bits(source, stream.Length, available);
            sbyte* o = output;
            for (int k = 0; k < _tables.Length; k++)
            {
                RequireStatesZero(states, lanes, bits.Position, k - 1);
                fixed (uint* table = _tables[k])
                fixed (ulong* chain = _chainTables?[k])
                    DecodeLayer(ref bits, k, table, chain, _tableLogs[k], _weightCounts[k], lanes, states, o);
                o += _weightCounts[k];
            }
            RequireStatesZero(states, lanes, bits.Position, _tables.Length - 1);
            CheckEnd(ref bits, _inputWidth, _tables.Length - 1);
        }
    }

    private static void RequireStatesZero(uint* states, int lanes, long position, int layer)
    {
        for (int lane = 0; lane < lanes; lane++)
            if (states[lane] != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, position, layer, $"lane {lane} ended in state {states[lane]}");
    }

    private static void DecodeLayer(ref Bits bits, int k, uint* table, ulong* chain, int tableLog, int n, int lanes, uint* states, sbyte* o)
    {
        int active = Math.Min(lanes, n);
        bits.Require((long)active * tableLog, k);
        for (int j = 0; j < active; j++) states[j] = bits.Read(tableLog);
        if (tableLog == 0)
        {
            // One symbol: every weight is it and no bit is read.
            new Span<sbyte>(o, n).Fill((sbyte)(table[0] >> 8));
            return;
        }

        long beats = n / lanes;
        long maxBeatBits = (long)lanes * tableLog;
        // A refill at bit p reads bytes up to (p + 63)/8 + 7, so runs stay 16 bytes clear of the buffer's end.
        long fastLimit = Math.Min(bits.Available, (bits.Length - 16) * 8L);
        while (beats > 0)
        {
            long safe = Math.Min(beats, (fastLimit - bits.Position) / maxBeatBits);
            if (safe <= 0)
            {
                CheckedBeat(ref bits, k, table, lanes, lanes, states, o);
                o += lanes;
                beats--;
                continue;
            }
            bits.Position = lanes switch
            {
                1 when chain != null => Run1Chain(chain, states, o, safe, bits.Source, bits.Position),
                1 => Run1(table, states, o, safe, bits.Source, bits.Position),
                2 when chain != null => Run2Chain(chain, states, o, safe, bits.Source, bits.Position),
                2 => Run2(table, states, o, safe, bits.Source, bits.Position),
                4 => Run4(table, states, o, safe, bits.Source, bits.Position),
                8 => Run8(table, states, o, safe, bits.Source, bits.Position),
                _ => RunAny(table, states, lanes, o, safe, bits.Source, bits.Position),
            };
            o += safe * lanes;
            beats -= safe;
        }
        int last = n % lanes;
        if (last > 0) CheckedBeat(ref bits, k, table, lanes, last, states, o);
    }

    /// <summary>One beat of <paramref name="count"/> weights with the reference's checks: the beat's bits
    /// as a whole before any lane reads, as the hardware's need &lt;= fill test does.</summary>
    private static void CheckedBeat(ref Bits bits, int k, uint* table, int lanes, int count, uint* states, sbyte* o)
    {
        long need = 0;
        for (int j = 0; j < count; j++) need += table[states[j]] & 0xFF;
        bits.Require(need, k);
        for (int j = 0; j < count; j++)
        {
            uint e = table[states[j]];
            o[j] = (sbyte)(e >> 8);
            states[j] = (e >> 16) + bits.Read((int)(e & 0xFF));
        }
    }

    /// <summary>The low nbBits of <paramref name="window"/>, nbBits being the low byte of <paramref name="entry"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Low(ulong window, uint entry) => Bmi2.X64.IsSupported
        ? (uint)Bmi2.X64.ZeroHighBits(window, entry)
        : (uint)(window & ((1UL << (int)(entry & 0xFF)) - 1));

    /// <summary><see cref="Low"/> without the narrowing, so it can index a pointer with no zero-extension
    /// between BZHI and the load.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowWide(ulong window, ulong entry) => Bmi2.X64.IsSupported
        ? Bmi2.X64.ZeroHighBits(window, entry)
        : window & ((1UL << (int)(entry & 0xFF)) - 1);

    // The kernels keep a lookahead bit buffer (F. Giesen, "Reading bits in far too many ways", variant
    // 4, LSB-first): Refill ORs the next 8 bytes in above the bits held and advances the byte pointer
    // by the whole bytes that fit, leaving 56..63 bits, enough for four symbols. The load's address
    // depends on the bit count of the previous refill, not on the symbol just decoded, so it leaves
    // the state chain (load entry -> BZHI -> add). A shift by an entry shifts by its nbBits (the count's
    // low 6 bits: nbBits <= 12 and the level starts at bit 8); the count is kept modulo 64 the same way
    // (subtracting whole entries), which is all Refill reads of it. Each kernel returns the bit
    // position after its beats.

    private struct Lookahead
    {
        public ulong Buffer;
        public long Byte;
        public uint Count;

        /// <summary>Starts at stream bit <paramref name="position"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lookahead(byte* source, long position)
        {
            Byte = position >> 3;
            Count = 0;
            Buffer = 0;
            Refill(source);
            Consume((uint)(position & 7));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Refill(byte* source)
        {
            Buffer |= Unsafe.ReadUnaligned<ulong>(source + Byte) << (int)Count;
            Byte += (~Count & 63) >> 3;
            Count = (Count & 7) | 56;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Consume(uint entry)
        {
            Buffer >>= (int)entry;
            Count -= entry;
        }

        public readonly long Position => Byte * 8 - (Count & 63);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Run1(uint* t, uint* states, sbyte* o, long beats, byte* source, long position)
    {
        uint s = states[0];
        var r = new Lookahead(source, position);
        long i = 0;
        for (; i + 4 <= beats; i += 4)
        {
            r.Refill(source);
            uint e0 = t[s]; o[i] = (sbyte)(e0 >> 8); s = (e0 >> 16) + Low(r.Buffer, e0); r.Consume(e0);
            uint e1 = t[s]; o[i + 1] = (sbyte)(e1 >> 8); s = (e1 >> 16) + Low(r.Buffer, e1); r.Consume(e1);
            uint e2 = t[s]; o[i + 2] = (sbyte)(e2 >> 8); s = (e2 >> 16) + Low(r.Buffer, e2); r.Consume(e2);
            uint e3 = t[s]; o[i + 3] = (sbyte)(e3 >> 8); s = (e3 >> 16) + Low(r.Buffer, e3); r.Consume(e3);
        }
        r.Refill(source);
        for (; i < beats; i++)
        {
            uint e = t[s]; o[i] = (sbyte)(e >> 8); s = (e >> 16) + Low(r.Buffer, e); r.Consume(e);
        }
        states[0] = s;
        return r.Position;
    }

    /// <summary>One stream lane, pointer-chained entries. The loop carries the entry, not its address,
    /// so each next entry is one load with base + 8 x index addressing; only the run's last symbol
    /// forms the address, to give the state back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Run1Chain(ulong* chain, uint* states, sbyte* o, long beats, byte* source, long position)
    {
        ulong e = chain[states[0]];
        var r = new Lookahead(source, position);
        long i = 0, last = beats - 1;
        for (; i + 4 <= last; i += 4)
        {
            r.Refill(source);
            o[i] = (sbyte)(e >> 8); ulong e1 = *((ulong*)(e >> 16) + LowWide(r.Buffer, e)); r.Consume((uint)e);
            o[i + 1] = (sbyte)(e1 >> 8); ulong e2 = *((ulong*)(e1 >> 16) + LowWide(r.Buffer, e1)); r.Consume((uint)e1);
            o[i + 2] = (sbyte)(e2 >> 8); ulong e3 = *((ulong*)(e2 >> 16) + LowWide(r.Buffer, e2)); r.Consume((uint)e2);
            o[i + 3] = (sbyte)(e3 >> 8); e = *((ulong*)(e3 >> 16) + LowWide(r.Buffer, e3)); r.Consume((uint)e3);
        }
        r.Refill(source);
        for (; i < last; i++)
        {
            o[i] = (sbyte)(e >> 8); ulong next = *((ulong*)(e >> 16) + LowWide(r.Buffer, e)); r.Consume((uint)e); e = next;
        }
        o[last] = (sbyte)(e >> 8);
        ulong* p = (ulong*)(e >> 16) + LowWide(r.Buffer, e);
        r.Consume((uint)e);
        states[0] = (uint)(p - chain);
        return r.Position;
    }

    /// <summary>Two stream lanes, pointer-chained entries, entries carried as in <see cref="Run1Chain"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Run2Chain(ulong* chain, uint* states, sbyte* o, long beats, byte* source, long position)
    {
        ulong e0 = chain[states[0]], e1 = chain[states[1]];
        var r = new Lookahead(source, position);
        long b = 0, last = beats - 1;
        for (; b + 2 <= last; b += 2, o += 4)
        {
            r.Refill(source);
            o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8);
            ulong n0 = *((ulong*)(e0 >> 16) + LowWide(r.Buffer, e0)); r.Consume((uint)e0);
            ulong n1 = *((ulong*)(e1 >> 16) + LowWide(r.Buffer, e1)); r.Consume((uint)e1);
            o[2] = (sbyte)(n0 >> 8); o[3] = (sbyte)(n1 >> 8);
            e0 = *((ulong*)(n0 >> 16) + LowWide(r.Buffer, n0)); r.Consume((uint)n0);
            e1 = *((ulong*)(n1 >> 16) + LowWide(r.Buffer, n1)); r.Consume((uint)n1);
        }
        r.Refill(source);
        if (b < last)
        {
            o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8);
            ulong n0 = *((ulong*)(e0 >> 16) + LowWide(r.Buffer, e0)); r.Consume((uint)e0);
            ulong n1 = *((ulong*)(e1 >> 16) + LowWide(r.Buffer, e1)); r.Consume((uint)e1);
            e0 = n0; e1 = n1;
            o += 2;
        }
        o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8);
        ulong* p0 = (ulong*)(e0 >> 16) + LowWide(r.Buffer, e0); r.Consume((uint)e0);
        ulong* p1 = (ulong*)(e1 >> 16) + LowWide(r.Buffer, e1); r.Consume((uint)e1);
        states[0] = (uint)(p0 - chain); states[1] = (uint)(p1 - chain);
        return r.Position;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Run2(uint* t, uint* states, sbyte* o, long beats, byte* source, long position)
    {
        uint s0 = states[0], s1 = states[1];
        var r = new Lookahead(source, position);
        long b = 0;
        for (; b + 2 <= beats; b += 2, o += 4)
        {
            r.Refill(source);
            uint e0 = t[s0], e1 = t[s1];
            o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8);
            s0 = (e0 >> 16) + Low(r.Buffer, e0); r.Consume(e0);
            s1 = (e1 >> 16) + Low(r.Buffer, e1); r.Consume(e1);
            uint e2 = t[s0], e3 = t[s1];
            o[2] = (sbyte)(e2 >> 8); o[3] = (sbyte)(e3 >> 8);
            s0 = (e2 >> 16) + Low(r.Buffer, e2); r.Consume(e2);
            s1 = (e3 >> 16) + Low(r.Buffer, e3); r.Consume(e3);
        }
        if (b < beats)
        {
            r.Refill(source);
            uint e0 = t[s0], e1 = t[s1];
            o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8);
            s0 = (e0 >> 16) + Low(r.Buffer, e0); r.Consume(e0);
            s1 = (e1 >> 16) + Low(r.Buffer, e1); r.Consume(e1);
        }
        states[0] = s0; states[1] = s1;
        return r.Position;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Run4(uint* t, uint* states, sbyte* o, long beats, byte* source, long position)
    {
        uint s0 = states[0], s1 = states[1], s2 = states[2], s3 = states[3];
        var r = new Lookahead(source, position);
        for (long b = 0; b < beats; b++, o += 4)
        {
            r.Refill(source);
            uint e0 = t[s0], e1 = t[s1], e2 = t[s2], e3 = t[s3];
            o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8); o[2] = (sbyte)(e2 >> 8); o[3] = (sbyte)(e3 >> 8);
            s0 = (e0 >> 16) + Low(r.Buffer, e0); r.Consume(e0);
            s1 = (e1 >> 16) + Low(r.Buffer, e1); r.Consume(e1);
            s2 = (e2 >> 16) + Low(r.Buffer, e2); r.Consume(e2);
            s3 = (e3 >> 16) + Low(r.Buffer, e3); r.Consume(e3);
        }
        states[0] = s0; states[1] = s1; states[2] = s2; states[3] = s3;
        return r.Position;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Run8(uint* t, uint* states, sbyte* o, long beats, byte* source, long position)
    {
        uint s0 = states[0], s1 = states[1], s2 = states[2], s3 = states[3];
        uint s4 = states[4], s5 = states[5], s6 = states[6], s7 = states[7];
        var r = new Lookahead(source, position);
        for (long b = 0; b < beats; b++, o += 8)
        {
            r.Refill(source);
            uint e0 = t[s0], e1 = t[s1], e2 = t[s2], e3 = t[s3];
            o[0] = (sbyte)(e0 >> 8); o[1] = (sbyte)(e1 >> 8); o[2] = (sbyte)(e2 >> 8); o[3] = (sbyte)(e3 >> 8);
            s0 = (e0 >> 16) + Low(r.Buffer, e0); r.Consume(e0);
            s1 = (e1 >> 16) + Low(r.Buffer, e1); r.Consume(e1);
            s2 = (e2 >> 16) + Low(r.Buffer, e2); r.Consume(e2);
            s3 = (e3 >> 16) + Low(r.Buffer, e3); r.Consume(e3);
            r.Refill(source);
            uint e4 = t[s4], e5 = t[s5], e6 = t[s6], e7 = t[s7];
            o[4] = (sbyte)(e4 >> 8); o[5] = (sbyte)(e5 >> 8); o[6] = (sbyte)(e6 >> 8); o[7] = (sbyte)(e7 >> 8);
            s4 = (e4 >> 16) + Low(r.Buffer, e4); r.Consume(e4);
            s5 = (e5 >> 16) + Low(r.Buffer, e5); r.Consume(e5);
            s6 = (e6 >> 16) + Low(r.Buffer, e6); r.Consume(e6);
            s7 = (e7 >> 16) + Low(r.Buffer, e7); r.Consume(e7);
        }
        states[0] = s0; states[1] = s1; states[2] = s2; states[3] = s3;
        states[4] = s4; states[5] = s5; states[6] = s6; states[7] = s7;
        return r.Position;
    }

    /// <summary>Any other lane count (3, 5-7, 9-32): states in memory, a refill every four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long RunAny(uint* t, uint* states, int lanes, sbyte* o, long beats, byte* source, long position)
    {
        var r = new Lookahead(source, position);
        for (long b = 0; b < beats; b++, o += lanes)
            for (int j = 0; j < lanes; j++)
            {
                if ((j & 3) == 0) r.Refill(source);
                uint e = t[states[j]];
                o[j] = (sbyte)(e >> 8);
                states[j] = (e >> 16) + Low(r.Buffer, e);
                r.Consume(e);
            }
        return r.Position;
    }

    private static void CheckEnd(ref Bits bits, int inputWidth, int lastLayer)
    {
        long left = bits.Available - bits.Position;
        long allowed = bits.Position == 0 ? inputWidth : inputWidth - 1;
        if (left > allowed)
            throw new StreamDecodeException(StreamErrorKind.TrailingData, bits.Position, lastLayer, $"{left} bits left after the last layer");
        for (long bit = bits.Position; bit < bits.Available; bit++)
            if (((bits.Source[bit >> 3] >> (int)(bit & 7)) & 1) != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroPadding, bits.Position, lastLayer, "padding bits are not zero");
    }

    /// <summary>The checked reader of the slow path: never reads a byte past the caller's stream.</summary>
    private struct Bits(byte* source, int length, long available)
    {
        public readonly byte* Source = source;
        public readonly int Length = length;
        public readonly long Available = available;
        public long Position;

        public readonly void Require(long need, int layer)
        {
            if (Position + need > Available)
                throw new StreamDecodeException(StreamErrorKind.Truncated, Position, layer, $"needs {need} bits, {Available - Position} left");
        }

        /// <summary>Reads nbBits (0..12) bits the caller has required.</summary>
        public uint Read(int nbBits)
        {
            ulong window = 0;
            long first = Position >> 3;
            for (int b = 0; b < 3 && first + b < Length; b++) window |= (ulong)Source[first + b] << (8 * b);
            uint value = (uint)((window >> (int)(Position & 7)) & ((1UL << nbBits) - 1));
            Position += nbBits;
            return value;
        }
    }
}
