using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Collects every problem found in one spec file, so the user sees them all in one run.</summary>
internal sealed class SpecErrorSink(string file)
{
    /// <summary>A mangled file can produce an error per line; past this many the rest are counted, not listed.</summary>
    public const int MaxReported = 100;

    private readonly List<SpecError> errors = [];

    public string File => file;

    public bool HasErrors => errors.Count > 0;

    public void Add(TextPosition at, string field, string message) =>
        errors.Add(new SpecError(file, at.Line, at.Column, field, message));

    /// <summary>In file order (stable, so errors at one place keep the order they were found in).</summary>
    public IReadOnlyList<SpecError> Errors()
    {
        var sorted = errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        if (sorted.Count <= MaxReported) return sorted;
        var firstHidden = sorted[MaxReported];
        return [.. sorted.Take(MaxReported),
            firstHidden with { Field = "", Message = $"{sorted.Count - MaxReported} more errors not shown" }];
    }

    public void ThrowIfAny()
    {
        if (HasErrors) throw new SpecException(Errors());
    }
}
