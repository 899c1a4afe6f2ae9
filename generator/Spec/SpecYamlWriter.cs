using System.Globalization;
using System.Text;

namespace DecoderHw.Spec;

/// <summary>Writes a spec back as YAML with every default filled in, so an output folder alone reproduces its run.</summary>
public static class SpecYamlWriter
{
    public static string ToYaml(DecoderSpec spec, IReadOnlyList<int>? effectiveTableLogs = null)
    {
        var y = new StringBuilder();
        y.Append(CultureInfo.InvariantCulture, $"name: {spec.Name}\n");
        y.Append(CultureInfo.InvariantCulture, $"coder: {spec.Coder.ToString().ToLowerInvariant()}\n");
        y.Append(CultureInfo.InvariantCulture, $"table_log: {spec.TableLog}\n");
        y.Append(CultureInfo.InvariantCulture, $"lanes: {spec.Lanes}\n");
        y.Append(CultureInfo.InvariantCulture, $"input_width: {spec.InputWidth}\n");
        y.Append(CultureInfo.InvariantCulture, $"tables: {spec.Tables.ToString().ToLowerInvariant()}\n");
        y.Append(CultureInfo.InvariantCulture, $"huffman_max_length: {spec.HuffmanMaxLength}\n");
        y.Append(CultureInfo.InvariantCulture, $"states_per_lane: {spec.StatesPerLane}\n");
        y.Append(CultureInfo.InvariantCulture, $"rans_state_bits: {spec.RansStateBits}\n");
        if (spec.Coder == CoderKind.Rans) y.Append(CultureInfo.InvariantCulture, $"rans_search: {spec.RansSearch.ToString().ToLowerInvariant()}\n");
        y.Append(CultureInfo.InvariantCulture, $"table_groups: {spec.TableGroups.ToYaml()}\n");
        y.Append(CultureInfo.InvariantCulture, $"table_bit_cost: {spec.TableBitCost:R}\n");
        // Written only when not the default, so the resolved specs of existing runs stay byte-identical.
        if (spec.Tables == TableMode.Ram && spec.RamBuildEngines != DecoderSpec.DefaultRamBuildEngines)
            y.Append("ram_build_engines: ").Append(spec.RamBuildEngines == DecoderSpec.AutoRamBuildEngines ? "auto" : spec.RamBuildEngines.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (spec.Tables == TableMode.Ram && spec.RamBanks != DecoderSpec.DefaultRamBanks)
            y.Append(CultureInfo.InvariantCulture, $"ram_banks: {spec.RamBanks}\n");
        if (spec.TableLogMode != TableLogMode.Fixed) y.Append(CultureInfo.InvariantCulture, $"table_log_mode: {TableLogModeYaml(spec.TableLogMode)}\n");
        if (spec.RamLimits is { } r)
            y.Append(CultureInfo.InvariantCulture, $"ram_limits: {{max_table_log: {r.MaxTableLog}, max_bits: {r.MaxBits}, max_layers: {r.MaxLayers}")
             .Append(r.MaxWeights is { } w ? string.Create(CultureInfo.InvariantCulture, $", max_weights: {w}") : "").Append("}\n");
        y.Append("layers:\n");
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            var layer = spec.Layers[i];
            y.Append(CultureInfo.InvariantCulture, $"  - name: {layer.Name}\n");
            y.Append(CultureInfo.InvariantCulture, $"    bits: {layer.Bits}\n");
            y.Append(CultureInfo.InvariantCulture, $"    table_log: {layer.TableLog ?? spec.TableLog}\n");
            if (effectiveTableLogs is not null)
                y.Append(CultureInfo.InvariantCulture, $"    # effective table_log: {effectiveTableLogs[i]}\n");
            if (layer.Step is { } step) y.Append(CultureInfo.InvariantCulture, $"    step: {step:R}\n");
            if (layer.DeadZone is { } deadZone) y.Append(CultureInfo.InvariantCulture, $"    dead_zone: {deadZone:R}\n");
            switch (layer.Source)
            {
                case FrequencySource f:
                    y.Append("    frequencies: [").Append(string.Join(", ", f.Frequencies.Select(c => c.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
                    y.Append(CultureInfo.InvariantCulture, $"    count: {f.Count}\n    seed: {f.Seed}\n");
                    break;
                case DistributionSource d:
                    y.Append(CultureInfo.InvariantCulture, $"    distribution: {{{d.Kind.ToString().ToLowerInvariant()}: {d.Scale:R}}}\n");
                    y.Append(CultureInfo.InvariantCulture, $"    count: {d.Count}\n    seed: {d.Seed}\n");
                    break;
                case FileSource s:
                    y.Append(CultureInfo.InvariantCulture, $"    source: {{file: {Quote(s.File)}, tensor: {Quote(s.Tensor)}}}\n");
                    break;
            }
        }
        return y.ToString();
    }

    public static string TableLogModeYaml(TableLogMode mode) => mode switch
    {
        TableLogMode.BySize => "by_size",
        TableLogMode.Best => "best",
        _ => "fixed",
    };

    /// <summary>A YAML double-quoted scalar that reads back as exactly <paramref name="text"/>: paths and
    /// tensor names may hold quotes, backslashes (Windows), '#', ': ' or control characters.</summary>
    private static string Quote(string text)
    {
        var q = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') q.Append('\\').Append(c);
            else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF')
                q.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else q.Append(c);
        }
        return q.Append('"').ToString();
    }
}
