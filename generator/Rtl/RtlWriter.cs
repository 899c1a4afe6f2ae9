using System.Reflection;
using System.Text;
using DecoderHw.Model;
using Scriban;
using Scriban.Runtime;

namespace DecoderHw.Rtl;

/// <summary>Renders the decoder RTL (rtl-templates/: the top and the blocks its variant declares), its ROM image
/// and its file list (rtl/NAME.f).</summary>
public static class RtlWriter
{
    /// <summary>The RTL model of a resolved model (every variant).</summary>
    public static RtlModel ModelFor(ResolvedModel model, string specFile, string generatorVersion) =>
        RtlModel.From(model, specFile, generatorVersion);

    /// <summary>NAME_axis.sv: the decoder behind AXI4-Stream ports (axis.sv.sbn), written for every variant
    /// beside the decoder's own modules (not in NAME.f, whose last line is the decoder top; NAME.core lists it
    /// in its axis fileset).</summary>
    public const string AxisSuffix = "_axis.sv";

    /// <summary>Writes every module of the variant, the ROM image if it has one and the manifest NAME.f into
    /// <paramref name="rtlDir"/>.</summary>
    /// <returns>The files written: the modules in manifest order (the top last), then the ROM image, then NAME.f.</returns>
    public static IReadOnlyList<string> Write(ResolvedModel model, string rtlDir, string specPath)
    {
        var rtl = ModelFor(model, SpecLabel(specPath), GeneratorVersion());
        Directory.CreateDirectory(rtlDir);
        var written = new List<string>();
        foreach (var block in RtlManifest.Order(rtl))
        {
            var path = Path.Combine(rtlDir, rtl.Name + block.Suffix);
            File.WriteAllText(path, Render(block.Template, rtl), new UTF8Encoding(false));
            written.Add(path);
        }
        // The AXI4-Stream wrapper sits on the top's ports, which every variant shares: one template for all.
        var axis = Path.Combine(rtlDir, rtl.Name + AxisSuffix);
        File.WriteAllText(axis, Render("axis.sv.sbn", rtl), new UTF8Encoding(false));
        written.Add(axis);
        if (rtl.Variant.HasMemFile)
        {
            var mem = Path.Combine(rtlDir, rtl.Variant.MemFile);
            File.WriteAllText(mem, rtl.Variant.RomImage(rtl), new UTF8Encoding(false));
            written.Add(mem);
        }
        var list = Path.Combine(rtlDir, RtlManifest.FileListName(rtl));
        File.WriteAllText(list, RtlManifest.FileList(rtl), new UTF8Encoding(false));
        written.Add(list);
        return written;
    }

    /// <summary>Renders one template with the model's fields in scope: the core's, the variant's and its parts'.
    /// Templates may include block fragments (<c>{{ include 'ctrl.sv.sbn' }}</c>) from rtl-templates/.</summary>
    public static string Render(string templateName, RtlModel rtl)
    {
        var directory = TemplateDirectory();
        var path = Path.Combine(directory, templateName);
        var template = Template.Parse(File.ReadAllText(path), path);
        if (template.HasErrors)
            throw new InvalidOperationException($"{path}: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        var globals = new ScriptObject();
        globals.Import(rtl, renamer: StandardMemberRenamer.Default);
        globals.Import(rtl.Variant, renamer: StandardMemberRenamer.Default);
        foreach (var part in rtl.Variant.TemplateParts) globals.Import(part, renamer: StandardMemberRenamer.Default);
        var context = new TemplateContext
        {
            StrictVariables = true,
            MemberRenamer = StandardMemberRenamer.Default,
            TemplateLoader = new FolderTemplateLoader(directory),
        };
        context.PushGlobal(globals);
        return template.Render(context).ReplaceLineEndings("\n");
    }

    /// <summary>Scriban includes: a file name in rtl-templates/.</summary>
    private sealed class FolderTemplateLoader(string directory) : ITemplateLoader
    {
        public string GetPath(TemplateContext context, Scriban.Parsing.SourceSpan callerSpan, string templateName) =>
            Path.Combine(directory, templateName);

        public string Load(TemplateContext context, Scriban.Parsing.SourceSpan callerSpan, string templatePath) =>
            File.ReadAllText(templatePath);

        public ValueTask<string?> LoadAsync(TemplateContext context, Scriban.Parsing.SourceSpan callerSpan, string templatePath) =>
            new(File.ReadAllText(templatePath));
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
