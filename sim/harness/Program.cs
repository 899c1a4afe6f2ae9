// Temporary harness: an independent, minimal implementation of the contract (FSE tables, a
// decode-table-driven encoder, the docs/architecture.md cycle rules) to exercise the RTL before
// the lead's core lands. Usage: harness OUTDIR NAME LANES IW SEED layer... (layer = bits:tl:count:scale)
using System.Globalization;
using System.Text;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tans;

var outDir = args[0];
var name = args[1];
int lanes = int.Parse(args[2], CultureInfo.InvariantCulture);
int iw = int.Parse(args[3], CultureInfo.InvariantCulture);
int seed = int.Parse(args[4], CultureInfo.InvariantCulture);
var rng = new Random(seed);
var specs = new List<LayerSpec>();
var layers = new List<ResolvedLayer>();
int idx = 0;
foreach (var a in args.Skip(5))
{
    var p = a.Split(':');
    int bits = int.Parse(p[0], CultureInfo.InvariantCulture), tl = int.Parse(p[1], CultureInfo.InvariantCulture);
    int count = int.Parse(p[2], CultureInfo.InvariantCulture);
    double scale = double.Parse(p[3], CultureInfo.InvariantCulture);
    int maxLevel = (1 << (bits - 1)) - 1, nsym = (1 << bits) - 1;
    var levels = new int[count];
    for (int i = 0; i < count; i++)
    {
        double u = rng.NextDouble() - 0.5;
        double x = -scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
        levels[i] = Math.Clamp((int)Math.Round(x), -maxLevel, maxLevel);
    }
    var counts = new long[nsym];
    foreach (var l in levels) counts[l + maxLevel]++;
    int present = counts.Count(c => c > 0);
    int efTl = present == 1 ? 0 : tl;
    var tables = Fse.Build(counts, efTl);
    var ls = new LayerSpec($"l{idx}", bits, tl, new DistributionSource(DistributionKind.Laplace, scale, count, (ulong)seed));
    specs.Add(ls);
    layers.Add(new ResolvedLayer(idx, ls.Name, bits, efTl, levels, counts, tables, null));
    idx++;
}
var spec = new DecoderSpec(name, CoderKind.Tans, 11, lanes, iw, TableMode.Rom, specs, $"harness/{name}.yaml");
var model = new ResolvedModel(spec, layers);
var (stream, beatNeeds) = Encoder.Encode(model);
Directory.CreateDirectory(Path.Combine(outDir, "vectors"));
var vec = Path.Combine(outDir, "vectors");
var sb = new StringBuilder();
for (int w = 0; w < stream.WordCount; w++) sb.Append(stream.WordHex(w)).Append('\n');
File.WriteAllText(Path.Combine(vec, "stream.hex"), sb.ToString());
sb.Clear();
int digits = (model.MaxBits + 3) / 4;
foreach (var l in layers) foreach (var v in l.Levels) sb.Append((v & ((1 << model.MaxBits) - 1)).ToString("x" + digits, CultureInfo.InvariantCulture)).Append('\n');
File.WriteAllText(Path.Combine(vec, "weights.hex"), sb.ToString());
foreach (var (scen, tin, tout, sin, sout) in new[] { ("free", 0, 0, 1u, 2u), ("stall", 64, 96, 12345u, 6789u) })
{
    var (beats, done) = Cycle.Run(model, stream, tin, tout, sin, sout);
    File.WriteAllText(Path.Combine(vec, $"beats_{scen}.hex"), string.Concat(beats.Select(b => b.ToString("x16", CultureInfo.InvariantCulture) + "\n")));
    File.WriteAllText(Path.Combine(vec, $"{scen}.args"), $"+stall_in={tin} +stall_out={tout} +seed_in={sin} +seed_out={sout} +beats=beats_{scen}.hex +done_cycle={done}\n");
}
RtlWriter.Write(model, Path.Combine(outDir, "rtl"), $"harness/{name}.yaml");
TestbenchParamsWriter.Write(model, stream, vec);
Console.WriteLine($"{name}: {stream.TotalBits} bits, {stream.WordCount} words");

static class Fse
{
    public static TansTables Build(long[] counts, int tl)
    {
        int n = counts.Length, size = 1 << tl;
        if (tl == 0)
        {
            int s0 = Array.FindIndex(counts, c => c > 0);
            return new TansTables(0, counts.Select(c => c > 0 ? 1 : 0).ToArray(), [new DecodeEntry(s0, 0, 0)], [], []);
        }
        long total = counts.Sum();
        var norm = new int[n];
        int sum = 0;
        for (int s = 0; s < n; s++) if (counts[s] > 0) { norm[s] = Math.Max(1, (int)(counts[s] * size / total)); sum += norm[s]; }
        while (sum != size)
        {
            int big = Array.IndexOf(norm, norm.Max());
            if (sum < size) { norm[big]++; sum++; }
            else
            {
                int best = -1;
                for (int s = 0; s < n; s++) if (norm[s] > 1 && (best < 0 || norm[s] > norm[best])) best = s;
                norm[best]--; sum--;
            }
        }
        var sym = new int[size];
        int step = (size >> 1) + (size >> 3) + 3, mask = size - 1, pos = 0;
        for (int s = 0; s < n; s++) for (int i = 0; i < norm[s]; i++) { sym[pos] = s; pos = (pos + step) & mask; }
        var next = (int[])norm.Clone();
        var dec = new DecodeEntry[size];
        for (int u = 0; u < size; u++)
        {
            int s = sym[u], ns = next[s]++;
            int nb = tl - (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)ns));
            dec[u] = new DecodeEntry(s, nb, (ns << nb) - size);
        }
        return new TansTables(tl, norm, dec, [], []);
    }
}

static class Encoder
{
    public static (EncodedStream, int[]) Encode(ResolvedModel model)
    {
        int L = model.Lanes;
        var bits = new List<bool>();
        var needs = new List<int>();
        var stats = new List<LayerStreamStats>();
        foreach (var layer in model.Layers)
        {
            var dec = layer.Tables.Decode;
            int size = dec.Length, tl = layer.TableLog, n = layer.WeightCount;
            // inverse: for symbol s and next state t, the state u with sym s whose interval holds t
            var inv = new Dictionary<(int, int), int>();
            for (int u = 0; u < size; u++)
                for (int b = 0; b < (1 << dec[u].NbBits); b++) inv[(dec[u].Symbol, dec[u].Baseline + b)] = u;
            int act = Math.Min(L, n), beats = (n + L - 1) / L;
            var st = new int[beats + 1, L];
            for (int j = 0; j < act; j++)
            {
                int m = (n - j + L - 1) / L;  // weights of lane j
                int s = 0;
                for (int t = m - 1; t >= 0; t--)
                {
                    int sym = layer.Levels[t * L + j] + layer.MaxLevel;
                    s = inv[(sym, s)];
                    st[t, j] = s;
                }
            }
            long hdr = 0, coded = 0;
            for (int j = 0; j < act; j++) Put(bits, st[0, j], tl);
            hdr = act * tl; needs.Add(act * tl);
            for (int b = 0; b < beats; b++)
            {
                int cnt = Math.Min(L, n - b * L), need = 0;
                for (int j = 0; j < cnt; j++)
                {
                    var e = dec[st[b, j]];
                    int nextState = (b + 1) * L + j < n ? st[b + 1, j] : 0;
                    Put(bits, nextState - e.Baseline, e.NbBits);
                    need += e.NbBits;
                }
                needs.Add(need); coded += need;
            }
            stats.Add(new LayerStreamStats(hdr, coded));
        }
        var bytes = new byte[(bits.Count + model.InputWidth + 7) / 8 + 1];
        for (int i = 0; i < bits.Count; i++) if (bits[i]) bytes[i >> 3] |= (byte)(1 << (i & 7));
        return (new EncodedStream(bytes, bits.Count, model.InputWidth, needs.ToArray(), stats), needs.ToArray());
    }

    static void Put(List<bool> bits, int v, int n)
    {
        if (v < 0 || v >= (1 << n) && n < 31) throw new InvalidOperationException($"bits {v} in {n}");
        for (int i = 0; i < n; i++) bits.Add(((v >> i) & 1) != 0);
    }
}

static class Cycle
{
    static uint Next(uint s) => (s >> 1) ^ ((s & 1) != 0 ? 0x80200003u : 0u);

    public static (List<ulong> Beats, long Done) Run(ResolvedModel model, EncodedStream stream, int tin, int tout, uint sin, uint sout)
    {
        int L = model.Lanes, IW = model.InputWidth, NL = model.Layers.Count, WB = model.BufferWidth, N = stream.WordCount;
        var needs = stream.BeatNeedBits;
        uint lin = sin == 0 ? 1 : sin, lout = sout == 0 ? 1 : sout;
        int phase = 0, layer = 0, bi = 0; long remain = 0, fill = 0; bool lastSeen = false, held = false; int widx = 0;
        bool outValid = false; ulong outBeat = 0;
        var beats = new List<ulong>();
        long done = -1;
        int totalBeats = model.Layers.Sum(l => l.DecodeBeats(L));
        for (long t = 0; t < 100_000_000; t++)
        {
            bool sReady = !lastSeen && fill <= WB - IW;
            bool sValid = widx < N && (held || (lin & 0xff) >= tin);
            bool inFire = sValid && sReady;
            bool mReady = (lout & 0xff) >= tout;
            if (outValid && mReady) beats.Add(((ulong)t << 32) | outBeat);
            bool outFree = !outValid || mReady;
            long consume = 0; bool fireDec = false;
            if (phase == 0)
            {
                if (needs[bi] <= fill) { consume = needs[bi]; bi++; remain = model.Layers[layer].WeightCount; phase = 1; }
                else if (lastSeen) throw new InvalidOperationException("truncated");
            }
            else if (phase == 1)
            {
                if (needs[bi] > fill && lastSeen) throw new InvalidOperationException("truncated");
                if (needs[bi] <= fill && outFree)
                {
                    consume = needs[bi]; bi++; fireDec = true;
                    int count = (int)Math.Min(L, remain);
                    bool lastBeat = remain <= L;
                    outBeat = ((ulong)layer << 16) | ((ulong)count << 8) | (lastBeat && layer == NL - 1 ? 1ul : 0ul);
                    remain -= count;
                    if (lastBeat) { if (layer == NL - 1) phase = 2; else { phase = 0; layer++; } }
                }
            }
            else if (phase == 2)
            {
                if (fill >= IW) throw new InvalidOperationException("extra word");
                if (lastSeen) { done = t + 1; phase = 3; }
            }
            fill = fill - consume + (inFire ? IW : 0);
            if (inFire && widx == N - 1) lastSeen = true;
            if (inFire) widx++;
            held = sValid && !sReady;
            outValid = fireDec || (outValid && !mReady);
            lin = Next(lin); lout = Next(lout);
            if (done >= 0 && beats.Count == totalBeats && t >= done) break;
        }
        return (beats, done);
    }
}
