using System.Globalization;
using System.Text;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;

namespace DecoderHw.Vectors;

/// <summary>Writes the golden vectors the testbench reads ($readmemh hex and plusarg files, docs/bitstream.md):
/// per stall scenario the cycle of every output handshake (beats_NAME.hex) and of every input word's
/// handshake (words_NAME.hex), and the scenario's plusargs (NAME.args).</summary>
public static class VectorWriter
{
    /// <param name="cancellation">Checked every 64k lines: an interrupt during a 100 MB write stops it promptly.</param>
    public static void Write(ResolvedModel model, EncodedStream stream, IReadOnlyList<CycleTrace> traces, string directory, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(directory);
        WriteLines(Path.Combine(directory, "stream.hex"), Enumerable.Range(0, stream.WordCount).Select(stream.WordHex), cancellation);
        WriteWeights(model, Path.Combine(directory, "weights.hex"), cancellation);
        foreach (var trace in traces)
        {
            WriteBeats(model, trace, Path.Combine(directory, $"beats_{trace.Scenario.Name}.hex"), cancellation);
            WriteLines(Path.Combine(directory, $"words_{trace.Scenario.Name}.hex"),
                trace.InputHandshakeCycles.Select(c => ((uint)c).ToString("x8", CultureInfo.InvariantCulture)));
            var s = trace.Scenario;
            File.WriteAllText(Path.Combine(directory, $"{s.Name}.args"), string.Create(CultureInfo.InvariantCulture,
                $"+stall_in={s.InputStallThreshold} +stall_out={s.OutputStallThreshold} +seed_in={s.InputSeed} +seed_out={s.OutputSeed} +burst_in={s.InputBurst} +burst_out={s.OutputBurst} +beats=beats_{s.Name}.hex +words=words_{s.Name}.hex +done_cycle={trace.DoneCycle}\n"));
        }
        WriteLayers(model, stream, Path.Combine(directory, "layers.csv"));
        // Another model's stream as this decoder sees it up to the refusal: its tag word in front.
        if (stream.TagBits > 0)
        {
            var other = ModelTag.Prepend(stream with { Bytes = ModelTag.Strip(model, stream.Bytes, stream.WordCount), TagBits = 0 },
                ModelTag.Word(ModelTag.DescribeNeighbour(model), model.InputWidth));
            WriteLines(Path.Combine(directory, "lie_other_model.hex"), Enumerable.Range(0, other.WordCount).Select(other.WordHex));
        }
        // tables: ram: streams whose header lies, which the RTL must answer with error_o.
        if (model.Spec.Tables == Spec.TableMode.Ram)
            foreach (var lie in RamHeaderLies.For(model, stream))
                WriteLines(Path.Combine(directory, $"lie_{lie.Name}.hex"), Enumerable.Range(0, lie.Stream.WordCount).Select(lie.Stream.WordHex));
    }

    private static void WriteWeights(ResolvedModel model, string path, CancellationToken cancellation)
    {
        int bits = model.Spec.RamLimits?.MaxBits ?? model.MaxBits;  // tables: ram: the decoder's output width
        int digits = (bits + 3) / 4;
        uint mask = (1u << bits) - 1;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Span<char> line = stackalloc char[digits];
        long written = 0;
        foreach (var layer in model.Layers)
            foreach (int level in layer.Levels)
            {
                if ((++written & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
                uint value = (uint)level & mask;
                for (int d = digits - 1; d >= 0; d--, value >>= 4) line[d] = "0123456789abcdef"[(int)(value & 0xf)];
                writer.Write(line);
                writer.Write('\n');
            }
    }

    private static void WriteBeats(ResolvedModel model, CycleTrace trace, string path, CancellationToken cancellation)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        int beat = 0;
        int lastLayer = model.Layers.Count - 1;
        foreach (var layer in model.Layers)
        {
            int n = layer.WeightCount;
            for (int first = 0; first < n; first += model.Lanes)
            {
                if ((beat & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
                int count = Math.Min(model.Lanes, n - first);
                bool last = layer.Index == lastLayer && first + count == n;
                ulong record = ((ulong)(uint)trace.OutputHandshakeCycles[beat++] << 32) | ((ulong)layer.Index << 16) | ((ulong)count << 8) | (last ? 1UL : 0UL);
                writer.Write(record.ToString("x16", CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
    }

    /// <summary>Layer boundaries: where each layer's weights, beats and bits start.</summary>
    private static void WriteLayers(ResolvedModel model, EncodedStream stream, string path)
    {
        var text = new StringBuilder("index,name,bits,table_log,weights,first_weight,first_beat,header_bits,coded_bits\n");
        long firstWeight = 0, firstBeat = 0;
        foreach (var layer in model.Layers)
        {
            var stats = stream.LayerStats[layer.Index];
            text.Append(CultureInfo.InvariantCulture,
                $"{layer.Index},{layer.Name},{layer.Bits},{layer.TableLog},{layer.WeightCount},{firstWeight},{firstBeat},{stats.HeaderBits},{stats.CodedBits}\n");
            firstWeight += layer.WeightCount;
            firstBeat += layer.DecodeBeats(model.Lanes);
        }
        File.WriteAllText(path, text.ToString());
    }

    private static void WriteLines(string path, IEnumerable<string> lines, CancellationToken cancellation = default)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        long written = 0;
        foreach (var line in lines)
        {
            if ((++written & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
