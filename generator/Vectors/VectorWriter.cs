using System.Globalization;
using System.Text;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;

namespace DecoderHw.Vectors;

/// <summary>Writes the golden vectors: what the testbench reads ($fread binary records, <see cref="BinaryRecords"/>,
/// and plusarg files, docs/rtl.md): the stream (stream.bin), the weights (weights.bin), per stall scenario
/// the cycle of every output handshake (beats_NAME.bin) and of every input word's handshake
/// (words_NAME.bin), and the scenario's plusargs (NAME.args); and the same stream and weights as hex
/// lines (stream.hex, weights.hex) for readers and tools ($readmemh, evaluate, the MAC example).</summary>
public static class VectorWriter
{
    /// <param name="cancellation">Checked every 64k lines: an interrupt during a 100 MB write stops it promptly.</param>
    public static void Write(ResolvedModel model, EncodedStream stream, IReadOnlyList<CycleTrace> traces, string directory, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(directory);
        WriteLines(Path.Combine(directory, "stream.hex"), Enumerable.Range(0, stream.WordCount).Select(stream.WordHex), cancellation);
        BinaryRecords.WriteStream(Path.Combine(directory, "stream.bin"), stream, cancellation);
        WriteWeights(model, Path.Combine(directory, "weights.hex"), cancellation);
        BinaryRecords.Write(Path.Combine(directory, "weights.bin"), Levels(model), OutputBits(model), cancellation);
        foreach (var trace in traces)
        {
            BinaryRecords.Write(Path.Combine(directory, $"beats_{trace.Scenario.Name}.bin"), BeatRecords(model, trace), 64, cancellation);
            BinaryRecords.Write(Path.Combine(directory, $"words_{trace.Scenario.Name}.bin"),
                trace.InputHandshakeCycles.Select(c => (ulong)(uint)c), 32, cancellation);
            var s = trace.Scenario;
            File.WriteAllText(Path.Combine(directory, $"{s.Name}.args"), string.Create(CultureInfo.InvariantCulture,
                $"+stall_in={s.InputStallThreshold} +stall_out={s.OutputStallThreshold} +seed_in={s.InputSeed} +seed_out={s.OutputSeed} +burst_in={s.InputBurst} +burst_out={s.OutputBurst} +beats=beats_{s.Name}.bin +words=words_{s.Name}.bin +done_cycle={trace.DoneCycle}\n"));
        }
        WriteLayers(model, stream, Path.Combine(directory, "layers.csv"));
        // Another model's stream as this decoder sees it up to the refusal: its tag word in front.
        if (stream.TagBits > 0)
        {
            var other = ModelTag.Prepend(stream with { Bytes = ModelTag.Strip(model, stream.Bytes, stream.WordCount), TagBits = 0 },
                ModelTag.Word(ModelTag.DescribeNeighbour(model), model.InputWidth));
            BinaryRecords.WriteStream(Path.Combine(directory, "lie_other_model.bin"), other, cancellation);
        }
        // tables: ram: streams whose header lies, which the RTL must answer with error_o.
        if (model.Spec.Tables == Spec.TableMode.Ram)
            foreach (var lie in RamHeaderLies.For(model, stream))
                BinaryRecords.WriteStream(Path.Combine(directory, $"lie_{lie.Name}.bin"), lie.Stream, cancellation);
    }

    /// <summary>The decoder's output width: tables: ram decoders emit ram_limits.max_bits per lane.</summary>
    public static int OutputBits(ResolvedModel model) => model.Spec.RamLimits?.MaxBits ?? model.MaxBits;

    /// <summary>Every weight's level in the decoder's output width (two's complement), in stream order.</summary>
    private static IEnumerable<ulong> Levels(ResolvedModel model)
    {
        uint mask = (1u << OutputBits(model)) - 1;
        foreach (var layer in model.Layers)
            foreach (int level in layer.Levels)
                yield return (uint)level & mask;
    }

    private static void WriteWeights(ResolvedModel model, string path, CancellationToken cancellation)
    {
        int bits = OutputBits(model);
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

    /// <summary>One record per output beat: its handshake cycle (bits 63:32), layer (31:16), count (15:8)
    /// and last flag (bit 0).</summary>
    private static IEnumerable<ulong> BeatRecords(ResolvedModel model, CycleTrace trace)
    {
        int beat = 0;
        int lastLayer = model.Layers.Count - 1;
        foreach (var layer in model.Layers)
        {
            int n = layer.WeightCount;
            for (int first = 0; first < n; first += model.Lanes)
            {
                int count = Math.Min(model.Lanes, n - first);
                bool last = layer.Index == lastLayer && first + count == n;
                yield return ((ulong)(uint)trace.OutputHandshakeCycles[beat++] << 32) | ((ulong)layer.Index << 16) | ((ulong)count << 8) | (last ? 1UL : 0UL);
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
