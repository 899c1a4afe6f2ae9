using System.Diagnostics;
using System.Globalization;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Bench;

/// <summary>
/// The production codec against FSE on the same symbols in one process: every round runs every
/// contestant once (rotating who goes first), so a noisy shared machine slows all of them alike;
/// the table gives each contestant's median speed and its median per-round ratio to FSE.
/// </summary>
internal static class FseComparison
{
    private sealed record Options(string FseDir, int Weights, int Rounds, string? SpecPath, string Compiler, string Flags);

    private sealed record Variant(int Lanes, int StatesPerLane)
    {
        public override string ToString() => $"{Lanes} x {StatesPerLane}";
    }

    private static readonly Variant[] FastVariants = [new(1, 1), new(2, 1), new(4, 1), new(4, 2), new(8, 1)];
    private static readonly Variant[] ReferenceVariants = [new(1, 1), new(4, 1)];

    public static int Run(string[] args, TextWriter output)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: DecoderHw.Bench fse --fse-dir CHECKOUT [--weights N] [--rounds R] [--spec SPEC.yaml] [--cc gcc] [--cflags \"-O3\"]");
            return 2;
        }
        if (!Directory.Exists(options.FseDir))
        {
            Console.Error.WriteLine($"--fse-dir {options.FseDir}: no such folder (clone https://github.com/Cyan4973/FiniteStateEntropy there)");
            return 2;
        }

        var baseModel = options.SpecPath is null
            ? Models.Laplace(1, 4, 11, 1.5, options.Weights)
            : ModelResolver.Resolve(SpecLoader.Load(options.SpecPath));
        baseModel = baseModel with { Spec = baseModel.Spec with { Coder = CoderKind.Tans, Tables = TableMode.Rom, RamLimits = null } };
        string source = options.SpecPath ?? $"{options.Weights:N0} Laplace weights, 4-bit, scale 1.5, table_log 11";

        using var fse = FseLibrary.Build(options.FseDir, options.Compiler, options.Flags, output);
        var levels = baseModel.Layers.SelectMany(l => l.Levels).Select(v => (sbyte)v).ToArray();
        int n = levels.Length;

        // FSE: one table per layer at the layer's table_log, symbols 0..2^bits-2 as bytes.
        var fseLayers = new List<(int First, int Count, FseLayer Tables, byte[] Compressed, int Size)>();
        var symbols = new byte[n];
        int first = 0;
        foreach (var layer in baseModel.Layers)
        {
            for (int i = 0; i < layer.WeightCount; i++) symbols[first + i] = (byte)(layer.Levels[i] + layer.MaxLevel);
            if (layer.TableLog > 0)
            {
                var tables = fse.Prepare(symbols.AsSpan(first, layer.WeightCount), (uint)(layer.SymbolCount - 1), layer.TableLog);
                var compressed = new byte[FseLibrary.BlockBound(layer.WeightCount)];
                int size = (int)fse.Compress(compressed, symbols.AsSpan(first, layer.WeightCount), tables);
                fseLayers.Add((first, layer.WeightCount, tables, compressed, size));
            }
            first += layer.WeightCount;
        }
        var fseOut = new byte[n];
        long fseBytes = fseLayers.Sum(l => (long)l.Size);

        var contestants = new List<Contestant>
        {
            new("FSE", "-", "decode", () =>
            {
                foreach (var l in fseLayers) fse.Decompress(fseOut.AsSpan(l.First, l.Count), l.Compressed.AsSpan(0, l.Size), l.Tables);
            }),
            new("FSE", "-", "encode", () =>
            {
                foreach (var l in fseLayers) fse.Compress(l.Compressed, symbols.AsSpan(l.First, l.Count), l.Tables);
            }),
        };
        var bitsPerWeight = new Dictionary<string, double> { ["FSE"] = fseBytes * 8.0 / n };
        var checks = new List<Action> { () => Require(fseOut.AsSpan().SequenceEqual(symbols) || fseLayers.Count < baseModel.Layers.Count, "FSE round trip") };

        foreach (var v in FastVariants)
        {
            var model = baseModel with { Spec = baseModel.Spec with { Lanes = v.Lanes, StatesPerLane = v.StatesPerLane } };
            var encoder = new FastTansEncoder(model);
            var decoder = new FastTansDecoder(model);
            var buffer = new byte[encoder.MaxStreamBytes];
            var decoded = new sbyte[n];
            long bits = encoder.Encode(levels, buffer);
            int words = (int)Math.Max(1, (bits + model.InputWidth - 1) / model.InputWidth);
            bitsPerWeight[$"fast {v}"] = (double)bits / n;
            contestants.Add(new("fast", v.ToString(), "decode", () => decoder.Decode(buffer, words, decoded)));
            contestants.Add(new("fast", v.ToString(), "encode", () => encoder.Encode(levels, buffer)));
            checks.Add(() => Require(decoded.AsSpan().SequenceEqual(levels), $"fast {v} round trip"));
        }
        foreach (var v in ReferenceVariants)
        {
            var model = baseModel with { Spec = baseModel.Spec with { Lanes = v.Lanes, StatesPerLane = v.StatesPerLane } };
            var stream = TansStreamEncoder.Encode(model);
            contestants.Add(new("reference", v.ToString(), "decode", () => TansStreamDecoder.Decode(model, stream.Bytes, stream.WordCount)));
            contestants.Add(new("reference", v.ToString(), "encode", () => TansStreamEncoder.Encode(model)));
        }

        // Round 0 warms up (JIT tiers, page faults of the buffers) and is not counted.
        var seconds = contestants.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round <= options.Rounds; round++)
        {
            for (int c = 0; c < contestants.Count; c++)
            {
                int index = (c + round) % contestants.Count;
                long start = Stopwatch.GetTimestamp();
                contestants[index].Run();
                double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (round > 0) seconds[index].Add(elapsed);
            }
            if (round == 0) checks.ForEach(check => check());
        }
        checks.ForEach(check => check());

        output.WriteLine($"Symbols: {source}; {n:N0} weights in {baseModel.Layers.Count} layer(s); {options.Rounds} interleaved rounds after one warm-up.");
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {MachineName()}, .NET {Environment.Version}; load average at end {LoadAverage()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        output.WriteLine();
        output.WriteLine("| codec | lanes x states | decode M weights/s | decode / FSE | encode M weights/s | encode / FSE | bits/weight |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        int fseDecode = contestants.FindIndex(c => c is { Codec: "FSE", Operation: "decode" });
        int fseEncode = contestants.FindIndex(c => c is { Codec: "FSE", Operation: "encode" });
        foreach (var group in contestants.Select((c, i) => (c, i)).GroupBy(x => (x.c.Codec, x.c.Variant)))
        {
            int decode = group.First(x => x.c.Operation == "decode").i;
            int encode = group.First(x => x.c.Operation == "encode").i;
            string key = group.Key.Codec == "FSE" ? "FSE" : $"{group.Key.Codec} {group.Key.Variant}";
            string bpw = bitsPerWeight.TryGetValue(key, out double b) ? b.ToString("F4", CultureInfo.InvariantCulture) : "(same as fast)";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Codec} | {group.Key.Variant} | {Speed(seconds[decode], n):F0} | {Ratio(seconds[fseDecode], seconds[decode]):F2}x | {Speed(seconds[encode], n):F0} | {Ratio(seconds[fseEncode], seconds[encode]):F2}x | {bpw} |"));
        }
        return 0;
    }

    private sealed record Contestant(string Codec, string Variant, string Operation, Action Run);

    private static void Require(bool ok, string what)
    {
        if (!ok) throw new InvalidOperationException($"{what}: decoded symbols differ");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Speed(List<double> seconds, int weights) => weights / Median(seconds) / 1e6;

    /// <summary>Median over rounds of (FSE's time / this contestant's time) in the same round.</summary>
    private static double Ratio(List<double> fse, List<double> mine) => Median(fse.Zip(mine, (f, m) => f / m));

    private static string MachineName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException) { return "unknown CPU"; }
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static Options? Parse(string[] args)
    {
        string? fseDir = null, spec = null, compiler = "gcc", flags = "-O3";
        int weights = 10_000_000, rounds = 15;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--fse-dir": fseDir = value; break;
                case "--weights" when int.TryParse(value, out int w) && w > 0: weights = w; break;
                case "--rounds" when int.TryParse(value, out int r) && r > 0: rounds = r; break;
                case "--spec": spec = value; break;
                case "--cc": compiler = value; break;
                case "--cflags": flags = value; break;
                default: return null;
            }
        }
        if (args.Length % 2 != 0 || fseDir is null) return null;
        return new Options(fseDir, weights, rounds, spec, compiler, flags);
    }
}
