using System.Text;
using System.Text.Json;

namespace DecoderHw.Quantize;

/// <summary>The report as JSON for other tools. Kept names: <c>layers[].sqnr_db</c>, <c>layers[].step</c>,
/// <c>totals.sqnr_db</c>, <c>comparisons: {float32, int8, fixed, huffman, tans}</c> (bits/weight over
/// the whole selection, raw tensors at 32 bits); <c>comparisons_streamed</c> is the same over the coded
/// layers only. An infinite SQNR (a layer reconstructed exactly) is written as null.</summary>
public static class QuantizeReportJson
{
    public static string Write(QuantizeReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", report.Name);
            json.WriteString("model", report.ModelPath);
            json.WriteString("method", report.Goal.Method.ToString().ToLowerInvariant());
            WriteGoal(json, report.Goal);
            json.WriteString("coder", "tans");
            json.WriteNumber("table_log", report.Coder.TableLog);
            json.WriteNumber("lanes", report.Coder.Lanes);
            json.WriteNumber("huffman_max_length", report.HuffmanMaxLength);

            json.WriteStartArray("layers");
            foreach (var layer in report.Layers) WriteLayer(json, layer);
            json.WriteEndArray();

            json.WriteStartArray("raw");
            foreach (var raw in report.Raw)
            {
                json.WriteStartObject();
                json.WriteString("file", raw.File);
                json.WriteString("tensor", raw.Tensor);
                json.WriteString("dtype", raw.DType);
                WriteShape(json, raw.Shape);
                json.WriteNumber("weights", raw.Weights);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            WriteTotals(json, report);
            WriteComparisons(json, "comparisons", report.WholeModel);
            WriteComparisons(json, "comparisons_streamed", report.Streamed);
            json.WriteStartObject("tables");
            json.WriteNumber("lanes", report.Coder.Lanes);
            json.WriteNumber("tans_rom_bits", report.TansTableBits);
            json.WriteNumber("rans_bits", report.RansTableBits);
            json.WriteEndObject();

            if (report.Fidelity is { } f)
            {
                json.WriteStartObject("fidelity");
                json.WriteNumber("inputs", f.Inputs);
                json.WriteNumber("mean_cosine", f.MeanCosine);
                json.WriteNumber("p5_cosine", f.P5Cosine);
                json.WriteNumber("mean_relative_l2", f.MeanRelativeL2);
                json.WriteNumber("nn_agreement", f.NearestNeighbourAgreement);
                json.WriteEndObject();
            }
            if (report.Sensitivity is { } sensitivity)
            {
                json.WriteStartArray("sensitivity");
                foreach (var s in sensitivity)
                {
                    json.WriteStartObject();
                    json.WriteString("name", s.Name);
                    json.WriteString("tensor", s.Tensor);
                    json.WriteNumber("probe_noise_to_signal", s.NoiseToSignal);
                    json.WriteNumber("probe_distortion", s.Distortion);
                    json.WriteNumber("slope", s.Slope);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }

            json.WriteStartArray("warnings");
            foreach (var w in report.Warnings) json.WriteStringValue(w);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteGoal(Utf8JsonWriter json, QuantizeGoal goal)
    {
        json.WriteStartObject("goal");
        Nullable(json, "bits", goal.Bits);
        Nullable(json, "target_bpw", goal.TargetBpw);
        json.WriteString("target_scope", goal.Scope.ToString().ToLowerInvariant());
        Nullable(json, "min_sqnr_db", goal.MinSqnrDb);
        Nullable(json, "min_fidelity", goal.MinFidelity);
        json.WriteEndObject();
    }

    private static void WriteLayer(Utf8JsonWriter json, LayerReport layer)
    {
        json.WriteStartObject();
        json.WriteString("name", layer.Name);
        json.WriteString("file", layer.File);
        json.WriteString("tensor", layer.Tensor);
        WriteShape(json, layer.Shape);
        json.WriteNumber("weights", layer.Weights);
        json.WriteNumber("bits", layer.Bits);
        json.WriteNumber("step", layer.Step);
        json.WriteNumber("dead_zone", layer.DeadZone);
        Finite(json, "sqnr_db", layer.SqnrDb);
        json.WriteNumber("present_symbols", layer.PresentSymbols);
        json.WriteNumber("entropy_bits_per_weight", layer.EntropyBitsPerWeight);
        json.WriteNumber("tans_bits", layer.TansBits);
        json.WriteNumber("tans_bits_per_weight", layer.TansBitsPerWeight);
        json.WriteNumber("huffman_bits", layer.HuffmanBits);
        json.WriteNumber("huffman_bits_per_weight", layer.HuffmanBitsPerWeight);
        json.WriteNumber("fixed_bits_per_weight", layer.Bits);
        json.WriteEndObject();
    }

    private static void WriteTotals(Utf8JsonWriter json, QuantizeReport report)
    {
        json.WriteStartObject("totals");
        json.WriteNumber("layers", report.Layers.Count);
        json.WriteNumber("weights", report.Weights);
        json.WriteNumber("raw_tensors", report.Raw.Count);
        json.WriteNumber("raw_weights", report.RawWeights);
        json.WriteNumber("model_weights", report.ModelWeights);
        Finite(json, "sqnr_db", report.Distortion.SqnrDb);
        json.WriteNumber("entropy_bits_per_weight", report.EntropyBitsPerWeight);
        json.WriteNumber("tans_bits", report.TansBits);
        json.WriteNumber("bits_per_weight", report.Streamed.Tans);
        json.WriteNumber("model_bits_per_weight", report.WholeModel.Tans);
        if (report.Goal.TargetBpw is { } target)
        {
            json.WriteNumber("target_bpw", target);
            json.WriteNumber("target_reached_bpw", report.TargetMeasure);
            json.WriteNumber("target_error_percent", 100 * (report.TargetMeasure - target) / target);
        }
        json.WriteEndObject();
    }

    private static void WriteComparisons(Utf8JsonWriter json, string name, BitsPerWeight b)
    {
        json.WriteStartObject(name);
        json.WriteNumber("float32", b.Float32);
        json.WriteNumber("int8", b.Int8);
        json.WriteNumber("fixed", b.Fixed);
        json.WriteNumber("huffman", b.Huffman);
        json.WriteNumber("tans", b.Tans);
        json.WriteEndObject();
    }

    private static void WriteShape(Utf8JsonWriter json, IReadOnlyList<long> shape)
    {
        json.WriteStartArray("shape");
        foreach (long d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
    }

    private static void Finite(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static void Nullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
