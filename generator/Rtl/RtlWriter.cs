using System.Reflection;
using System.Text;
using DecoderHw.Model;
using Scriban;
using Scriban.Runtime;

namespace DecoderHw.Rtl;

/// <summary>Renders the decoder RTL (rtl-templates/, one Scriban template per module) and its ROM image.</summary>
public static class RtlWriter
{
    /// <summary>Template file -> output file suffix (NAME + suffix). One template per module.</summary>
    private static readonly (string Template, string Suffix)[] Modules =
    [
        ("decoder.sv.sbn", "_decoder.sv"),
        ("bitbuf.sv.sbn", "_bitbuf.sv"),
        ("tag_check.sv.sbn", "_tag_check.sv"),
        ("lane.sv.sbn", "_lane.sv"),
        ("tables.sv.sbn", "_tables.sv"),
    ];

    /// <summary>tables: ram: the top with the table-load FSM, lane tables as RAMs with a write port, and the
    /// spread + build datapath; the bit buffer and the lane are the rom decoder's.</summary>
    private static readonly (string Template, string Suffix)[] RamModules =
    [
        ("decoder_ram.sv.sbn", "_decoder.sv"),
        ("bitbuf.sv.sbn", "_bitbuf.sv"),
        ("tag_check.sv.sbn", "_tag_check.sv"),
        ("lane.sv.sbn", "_lane.sv"),
        ("tables_ram.sv.sbn", "_tables.sv"),
        ("table_builder.sv.sbn", "_table_builder.sv"),
    ];

    /// <summary>states_per_lane 2: one lane, two tANS states taking turns through a two-stage pipeline, with its
    /// own bit buffer (no shifter waits on the beat's compare) and a single ROM with a read enable.</summary>
    private static readonly (string Template, string Suffix)[] PipeModules =
    [
        ("decoder_pipe.sv.sbn", "_decoder.sv"),
        ("bitbuf_pipe.sv.sbn", "_bitbuf.sv"),
        ("tag_check.sv.sbn", "_tag_check.sv"),
        ("tables_pipe.sv.sbn", "_tables.sv"),
    ];

    /// <summary>coder: huffman, tables: ram: the top with the code-load FSM, the Huffman lanes (the rom decoder's
    /// lane), the symbol RAM and the canonical-code builder.</summary>
    private static readonly (string Template, string Suffix)[] HuffmanRamModules =
    [
        ("decoder_huffman_ram.sv.sbn", "_decoder.sv"),
        ("bitbuf.sv.sbn", "_bitbuf.sv"),
        ("tag_check.sv.sbn", "_tag_check.sv"),
        ("lanes_huffman_ram.sv.sbn", "_lanes.sv"),
        ("lane_huffman.sv.sbn", "_lane.sv"),
        ("tables_huffman_ram.sv.sbn", "_tables.sv"),
        ("code_builder.sv.sbn", "_code_builder.sv"),
    ];

    /// <summary>The RTL model of either table mode.</summary>
    public static RtlModel ModelFor(ResolvedModel model, string specFile, string generatorVersion) =>
        (model.Spec.Tables, model.Spec.Coder) switch
        {
            (Spec.TableMode.Ram, Spec.CoderKind.Huffman) => HuffmanRamRtlModel.From(model, specFile, generatorVersion),
            (Spec.TableMode.Ram, _) => RamRtlModel.From(model, specFile, generatorVersion),
            _ => RtlModel.From(model, specFile, generatorVersion),
        } with { ModelTagHex = Codec.ModelTag.Hex(Codec.ModelTag.Word(model), model.InputWidth) };

    /// <summary>NAME_axis.sv: the decoder behind AXI4-Stream ports (axis.sv.sbn), written for every variant.</summary>
    public const string AxisSuffix = "_axis.sv";

    /// <summary>The templates of a model, in output order (the first is the top).</summary>
    public static IReadOnlyList<(string Template, string Suffix)> ModulesOf(RtlModel rtl) =>
        rtl.HuffmanRam is not null ? HuffmanRamModules : rtl.Ram is not null ? RamModules : rtl.IsPipelined ? PipeModules : rtl.IsTans ? Modules : PrefixModules[rtl.Coder];

    /// <summary>The coders without lane state share the top and bit buffer; their lanes and tables differ.</summary>
    private static readonly Dictionary<string, (string Template, string Suffix)[]> PrefixModules = new()
    {
        ["huffman"] = [Modules[0], Modules[1], Modules[2], ("lanes_huffman.sv.sbn", "_lanes.sv"), ("lane_huffman.sv.sbn", "_lane.sv"), ("tables_huffman.sv.sbn", "_tables.sv")],
        ["raw"] = [Modules[0], Modules[1], Modules[2], ("lanes_raw.sv.sbn", "_lanes.sv")],
    };

    /// <summary>Writes NAME_decoder.sv, NAME_bitbuf.sv, NAME_lane.sv, NAME_tables.sv, NAME_axis.sv and NAME_rom.mem into <paramref name="rtlDir"/>
    /// (huffman: also NAME_lanes.sv; raw: NAME_decoder.sv, NAME_bitbuf.sv, NAME_lanes.sv and no ROM; tans with
    /// tables: ram: NAME_table_builder.sv too, and no ROM).</summary>
    /// <returns>The files written, in a fixed order (the first is the top).</returns>
    public static IReadOnlyList<string> Write(ResolvedModel model, string rtlDir, string specPath)
    {
        var rtl = ModelFor(model, SpecLabel(specPath), GeneratorVersion());
        Directory.CreateDirectory(rtlDir);
        var written = new List<string>();
        foreach (var (template, suffix) in ModulesOf(rtl))
        {
            var path = Path.Combine(rtlDir, rtl.Name + suffix);
            File.WriteAllText(path, Render(template, rtl), new UTF8Encoding(false));
            written.Add(path);
        }
        // The AXI4-Stream wrapper sits on the top's ports, which every variant shares: one template for all.
        var axis = Path.Combine(rtlDir, rtl.Name + AxisSuffix);
        File.WriteAllText(axis, Render("axis.sv.sbn", rtl), new UTF8Encoding(false));
        written.Add(axis);
        if (rtl.MemFile.Length > 0)
        {
            var mem = Path.Combine(rtlDir, rtl.MemFile);
            File.WriteAllText(mem, rtl.Huffman?.RomImage(rtl) ?? RomImage(rtl), new UTF8Encoding(false));
            written.Add(mem);
        }
        return written;
    }

    /// <summary>The ROM image for $readmemh: a comment header, then one entry per address from 0.</summary>
    public static string RomImage(RtlModel rtl)
    {
        var sb = new StringBuilder();
        sb.Append("// ").Append(rtl.MemFile).Append(": decode ROM {value[").Append(rtl.MaxBits).Append("], nbBits[")
          .Append(rtl.NbBitsWidth).Append("], baseline[").Append(rtl.StateWidth).Append("]}, ").Append(rtl.RomDepth).Append(" entries\n");
        sb.Append("// generated by ").Append(rtl.GeneratorVersion).Append(" from ").Append(rtl.SpecFile).Append(": generated, do not edit\n");
        foreach (var layer in rtl.Layers)
            sb.Append("// layer ").Append(layer.Index).Append(" '").Append(layer.Name).Append("': base 0x")
              .Append(layer.Base.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(", ").Append(layer.TableSize).Append(" entries\n");
        foreach (var word in rtl.RomWords) sb.Append(word).Append('\n');
        return sb.ToString();
    }

    public static string Render(string templateName, RtlModel rtl)
    {
        var path = Path.Combine(TemplateDirectory(), templateName);
        var template = Template.Parse(File.ReadAllText(path), path);
        if (template.HasErrors)
            throw new InvalidOperationException($"{path}: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        var globals = new ScriptObject();
        globals.Import(rtl, renamer: StandardMemberRenamer.Default);
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default };
        context.PushGlobal(globals);
        return template.Render(context).ReplaceLineEndings("\n");
    }

    /// <summary>The spec as named in generated headers: a relative path as given, or the bare file name of an
    /// absolute one, so the output does not depend on where the checkout lives.</summary>
    public static string SpecLabel(string specPath) =>
        Path.IsPathRooted(specPath) ? Path.GetFileName(specPath) : specPath.Replace('\\', '/');

    /// <summary>"decoderhw X.Y.Z", without a source-control suffix so output is the same across commits.</summary>
    public static string GeneratorVersion()
    {
        var assembly = typeof(RtlWriter).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                            ?? assembly.GetName().Version?.ToString() ?? "0";
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return "decoderhw " + (plus >= 0 ? informational[..plus] : informational);
    }

    /// <summary>rtl-templates/: $DECODERHW_TEMPLATES, else the nearest ancestor of the binary or of the
    /// working directory that has one.</summary>
    public static string TemplateDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DECODERHW_TEMPLATES");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "rtl-templates");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException("rtl-templates/ not found (set DECODERHW_TEMPLATES)");
    }
}
