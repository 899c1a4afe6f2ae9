using System.IO.Enumeration;

namespace DecoderHw.Weights;

/// <summary>Which tensors become decoder layers. Chosen by glob on the tensor name (<c>*</c> any text
/// including dots, <c>?</c> one character); of those, tensors that are vectors or scalars (biases,
/// norm scales) or smaller than <see cref="MinSize"/> are kept raw: they are a fraction of a percent
/// of a network's weights, each layer costs a decode table, and a quantized bias shifts a whole
/// channel's output. Raw tensors are listed and counted in the totals as float32.</summary>
/// <param name="Include">Globs; empty means every tensor.</param>
/// <param name="Exclude">Globs removed after <paramref name="Include"/>.</param>
public sealed record TensorSelection(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, long MinSize = TensorSelection.DefaultMinSize)
{
    public const long DefaultMinSize = 256;

    public static TensorSelection All { get; } = new([], []);

    public bool IsSelected(TensorInfo tensor) =>
        (Include.Count == 0 || Include.Any(g => Matches(g, tensor.Name))) && !Exclude.Any(g => Matches(g, tensor.Name));

    public bool IsKeptRaw(TensorInfo tensor) => tensor.KeepRaw || tensor.Rank <= 1 || tensor.ElementCount < Math.Max(1, MinSize);

    /// <summary>Selected tensors split into those to quantize and those kept raw, each in listing order.</summary>
    public (IReadOnlyList<TensorInfo> Coded, IReadOnlyList<TensorInfo> Raw) Apply(IReadOnlyList<TensorInfo> tensors)
    {
        var selected = tensors.Where(IsSelected).ToList();
        return (selected.Where(t => !IsKeptRaw(t)).ToList(), selected.Where(IsKeptRaw).ToList());
    }

    private static bool Matches(string glob, string name) => FileSystemName.MatchesSimpleExpression(glob, name, ignoreCase: false);
}
