using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Reads and validates a decoder spec. Every problem in the file is reported at once, each
/// with its line and column, as one <see cref="SpecException"/>; no other exception escapes for any
/// input (docs/spec.md).</summary>
public static class SpecLoader
{
    /// <summary>A spec is a page of YAML; anything this large is the wrong file (or /dev/zero).</summary>
    public const long MaxFileBytes = 16 << 20;

    /// <summary>Reads the file at <paramref name="path"/>. Unlike <see cref="Parse(string, string)"/>,
    /// also checks that every <c>source.file</c> exists, relative to the spec's folder.</summary>
    public static DecoderSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Guard(path, errors =>
        {
            var bytes = ReadFile(path, errors);
            var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            return bytes is null ? null : FromBytes(bytes, path, errors, directory);
        });
    }

    /// <param name="fileName">Used in error messages and as <see cref="DecoderSpec.SourcePath"/>.</param>
    public static DecoderSpec Parse(string yamlText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        return Guard(fileName, errors => FromText(yamlText.TrimStart('\uFEFF'), fileName, errors, weightsDirectory: null));
    }

    /// <summary>As <see cref="Parse(string, string)"/>, from raw file bytes (strict UTF-8).</summary>
    public static DecoderSpec Parse(byte[] yamlBytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlBytes);
        ArgumentNullException.ThrowIfNull(fileName);
        return Guard(fileName, errors => FromBytes(yamlBytes, fileName, errors, weightsDirectory: null));
    }

    private static DecoderSpec? FromBytes(byte[] bytes, string fileName, SpecErrorSink errors, string? weightsDirectory)
    {
        if (bytes.Length == 0)
        {
            errors.Add(TextPosition.Start, "", "the file is empty");
            return null;
        }
        var text = SpecText.Decode(bytes, errors);
        return text is null ? null : FromText(text, fileName, errors, weightsDirectory);
    }

    private static DecoderSpec? FromText(string text, string fileName, SpecErrorSink errors, string? weightsDirectory)
    {
        var root = YamlTreeReader.Read(text, errors);
        return root is null ? null : new SpecReader(errors, weightsDirectory).Read(root, fileName);
    }

    private static byte[]? ReadFile(string path, SpecErrorSink errors)
    {
        try
        {
            if (Directory.Exists(path))
            {
                errors.Add(TextPosition.Start, "", "is a directory, not a spec file");
                return null;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.CanSeek && stream.Length > MaxFileBytes)
            {
                errors.Add(TextPosition.Start, "", $"the file is {stream.Length} bytes; a spec is at most {MaxFileBytes}");
                return null;
            }
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxFileBytes)
                {
                    errors.Add(TextPosition.Start, "", $"the file is larger than {MaxFileBytes} bytes, the most a spec may be");
                    return null;
                }
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add(TextPosition.Start, "", "file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add(TextPosition.Start, "", $"cannot read the file: {e.Message}");
        }
        return null;
    }

    /// <summary>The loader's promise: a spec, or a SpecException. A bug of ours on strange input
    /// still surfaces as a located user error (exit 2) that names the exception, not a crash.</summary>
    private static DecoderSpec Guard(string fileName, Func<SpecErrorSink, DecoderSpec?> read)
    {
        var errors = new SpecErrorSink(fileName);
        DecoderSpec? spec;
        try
        {
            spec = read(errors);
        }
        catch (Exception e) when (e is not SpecException)
        {
            errors.Add(TextPosition.Start, "", $"internal error while reading the spec ({e.GetType().Name}: {ValueReader.Shorten(e.Message, 200)}); please report it");
            spec = null;
        }
        errors.ThrowIfAny();
        return spec ?? throw new SpecException([new SpecError(fileName, 1, 1, "", "the spec could not be read")]);
    }
}

/// <summary>One problem in a spec, located in its file.</summary>
public sealed record SpecError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => Field.Length == 0
        ? $"{File}:{Line}:{Column}: {Message}"
        : $"{File}:{Line}:{Column}: field '{Field}': {Message}";
}

/// <summary>All problems found in a spec (not just the first).</summary>
public sealed class SpecException(IReadOnlyList<SpecError> errors)
    : Cli.UserErrorException(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
