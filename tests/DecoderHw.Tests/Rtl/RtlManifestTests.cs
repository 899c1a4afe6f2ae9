using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace DecoderHw.Tests.Rtl;

/// <summary>The manifests gen writes: rtl/NAME.f and the FuseSoC core NAME.core. FuseSoC does not install
/// here (not packaged in Debian), so the core is checked against the CAPI2 format as FuseSoC defines it
/// (fusesoc/capi2/json_schema.py: the keys each level allows, their types, "CAPI=2:" on the first line).</summary>
public class RtlManifestTests
{
    private static readonly RamLimits Limits = new(MaxTableLog: 9, MaxBits: 4, MaxLayers: 3, MaxWeights: 1000);

    /// <summary>One model of every variant.</summary>
    public static TheoryData<string> Variants() => ["tans_rom", "tans_pipelined", "tans_ram", "huffman_rom", "huffman_ram", "raw"];

    private static ResolvedModel Model(string variant)
    {
        var spec = SpecFactory.Spec(2, 9, 16, SpecFactory.Laplace("a", 4, 1.5, 300, 1), SpecFactory.Laplace("b", 3, 0.7, 41, 2));
        return SpecFactory.Resolve(variant switch
        {
            "tans_rom" => spec,
            "tans_pipelined" => spec with { StatesPerLane = 2 },
            "tans_ram" => spec with { Tables = TableMode.Ram, RamLimits = Limits },
            "huffman_rom" => spec with { Coder = CoderKind.Huffman },
            "huffman_ram" => spec with { Coder = CoderKind.Huffman, Tables = TableMode.Ram, RamLimits = Limits },
            "raw" => spec with { Coder = CoderKind.Raw },
            _ => throw new ArgumentException(variant),
        });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Manifest_ListsEveryModuleWritten_TopLast(string variant)
    {
        var model = Model(variant);
        var dir = Path.Combine(Path.GetTempPath(), "manifest-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = RtlWriter.Write(model, Path.Combine(dir, "rtl"), "examples/test.yaml");
            var list = RtlManifest.ReadFileList(Path.Combine(dir, "rtl", "test.f"));
            // The AXI4-Stream wrapper is written beside the decoder, outside its list (NAME.core's axis fileset).
            Assert.Equal([.. list, "test_axis.sv"], written.Where(f => f.EndsWith(".sv", StringComparison.Ordinal)).Select(Path.GetFileName));
            Assert.Equal("test_decoder.sv", list[^1]);
            Assert.Equal(list.Count, list.Distinct().Count());
            // Every module a file declares is instantiated by one listed before it... or is the top; and no
            // file is left in rtl/ that the list does not name.
            var onDisk = Directory.GetFiles(Path.Combine(dir, "rtl"), "*.sv").Select(Path.GetFileName).Order();
            Assert.Equal(onDisk, list.Append("test_axis.sv").Order());
            foreach (var file in list)
            {
                var module = Path.GetFileNameWithoutExtension(file);
                Assert.Contains($"module {module}", File.ReadAllText(Path.Combine(dir, "rtl", file)));
                if (file != list[^1])
                    Assert.Contains(list, other => other != file && File.ReadAllText(Path.Combine(dir, "rtl", other)).Contains($"{module} "));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Core_FollowsCapi2_AndNamesTheManifestsFiles(string variant)
    {
        var rtl = RtlModel.From(Model(variant), "examples/test.yaml", "decoderhw 1.2.3");
        string text = RtlManifest.Core(rtl, "../../testbenches", 4100);

        Assert.StartsWith("CAPI=2:\n", text);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
        Capi2.CheckCore(root);

        Assert.Equal("decoderhw:generated:test:1.2.3", Scalar(root, "name"));
        var rtlFiles = Capi2.Files(root, "rtl");
        Assert.Equal(RtlManifest.FileList(rtl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(f => "rtl/" + f),
            rtlFiles.Where(f => f.EndsWith(".sv", StringComparison.Ordinal)));
        Assert.Equal(rtl.Variant.HasMemFile, rtlFiles.Contains("rtl/test_rom.mem"));
        Assert.Equal(["vectors/tb_params.vh", "../../testbenches/axis_checker.sv", "../../testbenches/tb_decoder.sv"], Capi2.Files(root, "tb"));
        var targets = (YamlMappingNode)root["targets"];
        Assert.Equal(["default", "sim", "axis", "lint", "synth"], targets.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(["rtl/test_axis.sv"], Capi2.Files(root, "axis"));
        Assert.Equal("test_axis", Scalar((YamlMappingNode)targets["axis"], "toplevel"));
        Assert.Equal("tb_decoder", Scalar((YamlMappingNode)targets["sim"], "toplevel"));
        // The bench stops at once without any of these plusargs; their defaults are the free run's.
        var simParameters = ((YamlSequenceNode)((YamlMappingNode)targets["sim"])["parameters"]).Children.Select(p => ((YamlScalarNode)p).Value);
        Assert.Equal(["vectors", "beats", "words", "done_cycle"], simParameters);
        var parameters = (YamlMappingNode)root["parameters"];
        Assert.Equal("words_free.bin", Scalar((YamlMappingNode)parameters["words"], "default"));
        Assert.Equal("4100", Scalar((YamlMappingNode)parameters["done_cycle"], "default"));
        Assert.All(new[] { "default", "lint", "synth" }, t => Assert.Equal("test_decoder", Scalar((YamlMappingNode)targets[t], "toplevel")));
    }

    [Fact]
    public void Capi2Check_Rejects_AKeyTheFormatDoesNotHave()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("CAPI=2:\nname: a:b:c:1\nfilesets:\n  rtl:\n    files: [a.sv]\n    file_typ: verilogSource\n"));
        var ex = Assert.Throws<InvalidDataException>(() => Capi2.CheckCore((YamlMappingNode)stream.Documents[0].RootNode));
        Assert.Contains("filesets.rtl.file_typ", ex.Message);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    /// <summary>The CAPI2 format of fusesoc/capi2/json_schema.py, as far as a generated core uses it: every
    /// mapping allows only the keys the schema names (additionalProperties: false), with their types.</summary>
    private static class Capi2
    {
        private static readonly string[] CoreKeys =
            ["CAPI=2", "description", "license", "filesets", "generate", "generators", "name", "parameters", "provider", "scripts", "targets", "vpi", "virtual", "mapping"];
        private static readonly string[] FilesetKeys = ["file_type", "logical_name", "tags", "files", "files_append", "depend", "depend_append"];
        private static readonly string[] FileKeys = ["define", "is_include_file", "include_path", "file_type", "logical_name", "tags", "copyto"];
        private static readonly string[] TargetKeys =
            ["default_tool", "description", "flow", "flow_options", "hooks", "tools", "toplevel", "flags", "filesets", "filesets_append",
             "filters", "filters_append", "generate", "generate_append", "parameters", "parameters_append", "vpi", "vpi_append"];
        private static readonly string[] ParameterKeys = ["datatype", "default", "description", "paramtype", "scope"];
        private static readonly string[] DataTypes = ["bool", "file", "int", "real", "str"];
        private static readonly string[] ParamTypes = ["cmdlinearg", "generic", "plusarg", "vlogdefine", "vlogparam"];

        public static void CheckCore(YamlMappingNode root)
        {
            // "CAPI=2:" parses as a key with an empty value: FuseSoC reads it as the format tag.
            Keys(root, CoreKeys, "");
            Require(root.Children.ContainsKey(new YamlScalarNode("name")), "name");
            var name = Text(root["name"], "name");
            Require(name.Split(':').Length is 3 or 4, $"name '{name}' is not a VLNV (vendor:library:name:version)");
            if (root.Children.TryGetValue(new YamlScalarNode("description"), out var description)) Text(description, "description");
            var filesets = root.Children.TryGetValue(new YamlScalarNode("filesets"), out var f) ? Map(f, "filesets") : new YamlMappingNode();
            foreach (var (key, value) in filesets.Children)
            {
                string path = "filesets." + Text(key, "filesets");
                var fileset = Map(value, path);
                Keys(fileset, FilesetKeys, path);
                foreach (var k in new[] { "file_type", "logical_name" })
                    if (fileset.Children.TryGetValue(new YamlScalarNode(k), out var v)) Text(v, path + "." + k);
                if (fileset.Children.TryGetValue(new YamlScalarNode("files"), out var files))
                    foreach (var file in Seq(files, path + ".files").Children) CheckFile(file, path + ".files");
            }
            var parameters = root.Children.TryGetValue(new YamlScalarNode("parameters"), out var p) ? Map(p, "parameters") : new YamlMappingNode();
            foreach (var (key, value) in parameters.Children)
            {
                string path = "parameters." + Text(key, "parameters");
                var parameter = Map(value, path);
                Keys(parameter, ParameterKeys, path);
                Require(DataTypes.Contains(Text(parameter["datatype"], path + ".datatype")), path + ".datatype");
                Require(ParamTypes.Contains(Text(parameter["paramtype"], path + ".paramtype")), path + ".paramtype");
            }
            foreach (var (key, value) in Map(root["targets"], "targets").Children)
            {
                string path = "targets." + Text(key, "targets");
                var target = Map(value, path);
                Keys(target, TargetKeys, path);
                if (target.Children.TryGetValue(new YamlScalarNode("toplevel"), out var top)) Text(top, path + ".toplevel");
                foreach (var set in Strings(target, "filesets", path))
                    Require(filesets.Children.ContainsKey(new YamlScalarNode(set)), $"{path}.filesets: no fileset '{set}'");
                foreach (var parameter in Strings(target, "parameters", path))
                    Require(parameters.Children.ContainsKey(new YamlScalarNode(parameter.Split('=')[0])), $"{path}.parameters: no parameter '{parameter}'");
                if (target.Children.TryGetValue(new YamlScalarNode("tools"), out var tools))
                    foreach (var (tool, options) in Map(tools, path + ".tools").Children) Map(options, $"{path}.tools.{Text(tool, path)}");
            }
        }

        /// <summary>The file names of a fileset, in order.</summary>
        public static IReadOnlyList<string> Files(YamlMappingNode root, string fileset) =>
            Seq(((YamlMappingNode)((YamlMappingNode)root["filesets"])[fileset])["files"], fileset).Children
                .Select(f => f is YamlScalarNode s ? s.Value! : Text(((YamlMappingNode)f).Children.Keys.Single(), fileset)).ToList();

        private static void CheckFile(YamlNode file, string path)
        {
            if (file is YamlScalarNode) return;
            var entry = Map(file, path);
            Require(entry.Children.Count == 1, $"{path}: a file with attributes is a mapping of one file name");
            var (name, attributes) = entry.Children.Single();
            var map = Map(attributes, $"{path}.{Text(name, path)}");
            Keys(map, FileKeys, $"{path}.{Text(name, path)}");
            if (map.Children.TryGetValue(new YamlScalarNode("is_include_file"), out var include))
                Require(Text(include, path) is "true" or "false", $"{path}: is_include_file must be a boolean");
        }

        private static IEnumerable<string> Strings(YamlMappingNode map, string key, string path) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Seq(value, $"{path}.{key}").Children.Select(v => Text(v, $"{path}.{key}")) : [];

        private static void Keys(YamlMappingNode map, string[] allowed, string path)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = Text(key, path);
                Require(allowed.Contains(name), $"{(path.Length == 0 ? "" : path + ".")}{name}: not a CAPI2 key here");
            }
        }

        private static YamlMappingNode Map(YamlNode node, string path) =>
            node as YamlMappingNode ?? throw new InvalidDataException($"{path}: expected a mapping");

        private static YamlSequenceNode Seq(YamlNode node, string path) =>
            node as YamlSequenceNode ?? throw new InvalidDataException($"{path}: expected a list");

        private static string Text(YamlNode node, string path) =>
            (node as YamlScalarNode)?.Value ?? throw new InvalidDataException($"{path}: expected a string");

        private static void Require(bool condition, string message)
        {
            if (!condition) throw new InvalidDataException(message);
        }
    }
}
