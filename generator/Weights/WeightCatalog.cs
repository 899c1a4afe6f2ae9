namespace DecoderHw.Weights;

/// <summary>Lists the tensors of a model: one .safetensors or .npy file, or a folder of them (searched
/// recursively, files in ordinal path order, so the listing is the same on every machine).</summary>
public static class WeightCatalog
{
    public const string SafetensorsExtension = ".safetensors";
    public const string NpyExtension = ".npy";
    public const string OnnxExtension = ".onnx";

    public static IReadOnlyList<TensorInfo> Open(string path)
    {
        if (Directory.Exists(path)) return OpenFolder(path);
        if (!File.Exists(path)) throw new WeightFileException(path, "no such file or folder");
        return OpenFile(path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>The tensor <paramref name="tensorName"/> of one file. A .npy file holds a single tensor,
    /// listed under its path without extension; any trailing part of that path (down to the file's
    /// stem) names it, so a spec written from a folder still finds it.</summary>
    public static TensorInfo Find(string file, string tensorName)
    {
        if (Directory.Exists(file)) throw new WeightFileException(file, tensorName, "is a folder; a layer's file names one .safetensors or .npy file");
        if (!File.Exists(file)) throw new WeightFileException(file, tensorName, "no such file");
        if (IsNpy(file))
        {
            string withoutExtension = file[..^NpyExtension.Length].Replace('\\', '/');
            string wanted = tensorName.Replace('\\', '/');
            if (wanted.Length == 0 || !(withoutExtension == wanted || withoutExtension.EndsWith("/" + wanted, StringComparison.Ordinal)))
                throw new WeightFileException(file, tensorName, $"no such tensor: a .npy file holds one tensor, named by its path ('{Path.GetFileNameWithoutExtension(file)}')");
            return NpyReader.ReadHeader(file, tensorName);
        }

        var tensors = OpenFile(file, tensorName);
        return tensors.FirstOrDefault(t => t.Name == tensorName)
            ?? throw new WeightFileException(file, tensorName, $"no such tensor ({tensors.Count} in the file{Closest(tensors, tensorName)})");
    }

    private static IReadOnlyList<TensorInfo> OpenFolder(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => IsNpy(f) || IsSafetensors(f) || IsOnnx(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new WeightFileException(folder, $"no {SafetensorsExtension}, {NpyExtension} or {OnnxExtension} files in the folder");

        var tensors = new List<TensorInfo>();
        foreach (var file in files)
        {
            string relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            tensors.AddRange(OpenFile(file, IsNpy(file) ? relative[..^NpyExtension.Length] : relative));
        }
        return tensors;
    }

    private static IReadOnlyList<TensorInfo> OpenFile(string file, string npyName)
    {
        if (IsSafetensors(file)) return SafetensorsReader.ReadHeader(file);
        if (IsNpy(file)) return [NpyReader.ReadHeader(file, npyName)];
        if (IsOnnx(file)) return OnnxReader.ReadHeader(file);
        throw new WeightFileException(file, $"unknown weight format (expected {SafetensorsExtension}, {NpyExtension} or {OnnxExtension})");
    }

    private static bool IsNpy(string path) => path.EndsWith(NpyExtension, StringComparison.OrdinalIgnoreCase);

    private static bool IsOnnx(string path) => path.EndsWith(OnnxExtension, StringComparison.OrdinalIgnoreCase);

    private static bool IsSafetensors(string path) => path.EndsWith(SafetensorsExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>A hint for a mistyped name: the listed tensor sharing the longest suffix with it.</summary>
    private static string Closest(IReadOnlyList<TensorInfo> tensors, string name)
    {
        static int CommonSuffix(string a, string b)
        {
            int n = 0;
            while (n < a.Length && n < b.Length && a[^(n + 1)] == b[^(n + 1)]) n++;
            return n;
        }
        var best = tensors.MaxBy(t => CommonSuffix(t.Name, name));
        return best is null || CommonSuffix(best.Name, name) == 0 ? "" : $"; did you mean '{best.Name}'?";
    }
}
