using System.Globalization;
using System.Text;
using System.Text.Json;
using DecoderHw.Generation;

namespace DecoderHw.Mac;

/// <summary>The MAC example's vectors in <c>DIR/mac/</c>, beside gen's: the activations and expected
/// outputs for <c>$readmemh</c>, the testbench sizes, and mac.json with the cycle comparison.</summary>
public static class MacWriter
{
    /// <summary>One cycle from a row's last beat handshake to y_valid_o (the output register).</summary>
    public const int OutputLatency = 1;

    public static void Write(GenResult gen, MacLayer mac, uint seed, string directory)
    {
        var x = MacLayer.Activations(mac.Cols, seed);
        var weights = gen.Model.Layers[0].Levels;
        var y = mac.Reference(weights, x);
        var free = gen.Traces[0];
        long lastY = free.OutputHandshakeCycles[^1] + OutputLatency;
        // Cycle 0 is the first after reset; the stream's first word is taken in FirstInputCycle.
        long compressed = lastY - free.FirstInputCycle + 1;
        long plain = mac.PlainInt8Cycles + OutputLatency;

        Directory.CreateDirectory(directory);
        var c = CultureInfo.InvariantCulture;
        File.WriteAllText(Path.Combine(directory, "acts.hex"), string.Concat(x.Select(v => ((byte)v).ToString("x2", c) + "\n")));
        File.WriteAllText(Path.Combine(directory, "y.hex"), string.Concat(y.Select(v => ((uint)v).ToString("x8", c) + "\n")));
        var vh = new StringBuilder();
        vh.Append("// mac_params.vh: sizes of the MAC example (testbenches/tb_mac.sv), written by decoderhw mac.\n");
        vh.Append(c, $"localparam int MacRows = {mac.Rows};\n");
        vh.Append(c, $"localparam int MacCols = {mac.Cols};\n");
        vh.Append(c, $"localparam int MacRowWidth = {Math.Max(1, (int)Math.Ceiling(Math.Log2(mac.Rows + 1)))};\n");
        vh.Append(c, $"localparam int MacLastYCycle = {lastY};  // cycle of the last y_valid_o (cycle model + {OutputLatency})\n");
        File.WriteAllText(Path.Combine(directory, "mac_params.vh"), vh.ToString());
        var json = new Dictionary<string, object>
        {
            ["rows"] = mac.Rows,
            ["cols"] = mac.Cols,
            ["lanes"] = mac.Lanes,
            ["input_width"] = mac.InputWidth,
            ["activation_seed"] = seed,
            ["bits_per_weight"] = gen.Report.Totals.BitsPerWeight,
            ["compressed_cycles"] = compressed,
            ["plain_int8_cycles"] = plain,
            ["plain_int8_weights_per_cycle"] = mac.PlainWeightsPerCycle,
            ["speedup"] = Math.Round((double)plain / compressed, 4),
            ["last_y_cycle"] = lastY,
        };
        File.WriteAllText(Path.Combine(directory, "mac.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
