using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DecoderHw.Quantize;

/// <summary>Writes the decoder spec a quantization chose (docs/spec.md): top-level coder settings, then one
/// layer per quantized tensor with its bits, step, dead zone (only when not 0.5) and source. Numbers are
/// written in the shortest form that reads back as the same double, so <c>gen</c> reproduces exactly
/// the levels this run measured.</summary>
public static class QuantizedSpecWriter
{
    public static string ToYaml(QuantizeReport report, int inputWidth, string specDirectory, string commandLine)
    {
        var root = new YamlMappingNode
        {
            { "name", report.Name },
            { "coder", "tans" },
            { "table_log", Number(report.Coder.TableLog) },
            { "lanes", Number(report.Coder.Lanes) },
            { "input_width", Number(inputWidth) },
            { "tables", "rom" },
        };
        var layers = new YamlSequenceNode();
        foreach (var layer in report.Layers)
        {
            var node = new YamlMappingNode
            {
                { "name", layer.Name },
                { "bits", Number(layer.Bits) },
                { "step", Number(layer.Step) },
            };
            if (layer.DeadZone != ScalarQuantizer.RoundingDeadZone) node.Add("dead_zone", Number(layer.DeadZone));
            node.Add("source", new YamlMappingNode
            {
                { "file", RelativePath(specDirectory, layer.File) },
                { "tensor", layer.Tensor },
            }.WithFlowStyle());
            layers.Add(node);
        }
        root.Add("layers", layers);

        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.WriteLine($"# Written by decoderhw {typeof(QuantizedSpecWriter).Assembly.GetName().Version?.ToString(3)} quantize: {commandLine}");
        text.WriteLine($"# {report.Goal.Describe()}; {report.Layers.Count} layers, {report.Weights} weights; {report.Raw.Count} tensors ({report.RawWeights} weights) kept raw.");
        text.WriteLine("# step and dead_zone fix the levels gen streams; the measurements are in the quantize report.");
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        // YamlStream closes every document with "...", which a hand-written spec would not have.
        return text.ToString().Replace("\n...\n", "\n");
    }

    /// <summary>Source paths are relative to the spec's folder, with '/' on every platform, so the spec and
    /// model can move together; when the two share no folder but the root, the path is absolute.</summary>
    public static string RelativePath(string specDirectory, string file)
    {
        string from = Path.GetFullPath(specDirectory), to = Path.GetFullPath(file);
        string relative = Path.GetRelativePath(from, to);
        var separators = new[] { '/', '\\' };
        int up = relative.Split(separators).TakeWhile(part => part == "..").Count();
        int depth = from.Split(separators, StringSplitOptions.RemoveEmptyEntries).Length - (Path.GetPathRoot(from)!.Trim('/', '\\').Length > 0 ? 1 : 0);
        return (Path.IsPathRooted(relative) || up >= depth ? to : relative).Replace('\\', '/');
    }

    private static YamlScalarNode Number(int value) => new(value.ToString(CultureInfo.InvariantCulture)) { Style = YamlDotNet.Core.ScalarStyle.Plain };

    private static YamlScalarNode Number(double value) => new(value.ToString("R", CultureInfo.InvariantCulture)) { Style = YamlDotNet.Core.ScalarStyle.Plain };

    private static YamlMappingNode WithFlowStyle(this YamlMappingNode node)
    {
        node.Style = YamlDotNet.Core.Events.MappingStyle.Flow;
        return node;
    }
}
