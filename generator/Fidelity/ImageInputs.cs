using DecoderHw.Cli;
using SkiaSharp;

namespace DecoderHw.Fidelity;

/// <summary>Network inputs made from a folder of photos: square crops (the whole short side, 80% and
/// 60% of it, centred and in the four corners) and their mirror images, resized to the network's input
/// size. Views are taken round-robin (view 0 of every image, then view 1, ...) so a small image count
/// still gives many inputs and a prefix of the list covers every image. Pixels are RGB planes
/// (C, H, W) in 0..255; <see cref="PixelScaling"/> turns them into what the network expects.</summary>
public static class ImageInputs
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];

    /// <summary>(side as a fraction of the short side, x and y position of the crop in 0..1, mirrored).</summary>
    private static readonly (double Scale, double X, double Y, bool Flip)[] Views = BuildViews();

    public static int ViewsPerImage => Views.Length;

    private static (double, double, double, bool)[] BuildViews()
    {
        var boxes = new List<(double, double, double)> { (1.0, 0.5, 0.5) };
        foreach (double scale in new[] { 0.8, 0.6 })
            foreach (var (x, y) in new[] { (0.5, 0.5), (0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0) })
                boxes.Add((scale, x, y));
        return boxes.SelectMany(b => new[] { (b.Item1, b.Item2, b.Item3, false), (b.Item1, b.Item2, b.Item3, true) }).ToArray();
    }

    /// <summary>The image files of a folder (recursively), in ordinal path order.</summary>
    public static IReadOnlyList<string> Find(string folder)
    {
        if (!Directory.Exists(folder)) throw new UserErrorException($"--images {folder}: no such folder");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new UserErrorException($"--images {folder}: no image files ({string.Join(", ", Extensions)})");
        return files;
    }

    /// <summary><paramref name="count"/> inputs of <paramref name="height"/> x <paramref name="width"/>, each 3 x H x W floats, 0..255.</summary>
    public static IReadOnlyList<float[]> Load(IReadOnlyList<string> files, int count, int height, int width, Action<int>? progress = null)
    {
        if (count < 1) throw new UserErrorException($"--inputs: must be at least 1, got {count}");
        int perImage = (count + files.Count - 1) / files.Count;
        if (perImage > Views.Length)
            throw new UserErrorException($"--inputs {count}: {files.Count} images give at most {files.Count * Views.Length} inputs ({Views.Length} views each); add images");
        var byImage = new float[files.Count][][];
        for (int f = 0; f < files.Count; f++)
        {
            // Only the views the round-robin order will take from this image.
            int take = Enumerable.Range(0, perImage).Count(v => v * files.Count + f < count);
            byImage[f] = Decode(files[f], take, height, width);
            progress?.Invoke(f + 1);
        }
        var inputs = new List<float[]>(count);
        for (int v = 0; inputs.Count < count; v++)
            for (int f = 0; f < files.Count && inputs.Count < count; f++)
                if (v < byImage[f].Length) inputs.Add(byImage[f][v]);
        return inputs;
    }

    private static float[][] Decode(string file, int views, int height, int width)
    {
        using var bitmap = SKBitmap.Decode(file)
            ?? throw new UserErrorException($"{file}: not an image SkiaSharp can decode");
        var result = new float[views][];
        for (int v = 0; v < views; v++)
        {
            var (scale, x, y, flip) = Views[v];
            int side = Math.Max(1, (int)(Math.Min(bitmap.Width, bitmap.Height) * scale));
            int left = (int)Math.Round((bitmap.Width - side) * x), top = (int)Math.Round((bitmap.Height - side) * y);
            using var crop = new SKBitmap();
            if (!bitmap.ExtractSubset(crop, new SKRectI(left, top, left + side, top + side)))
                throw new UserErrorException($"{file}: cannot crop {side}x{side} at ({left}, {top})");
            using var resized = crop.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell))
                ?? throw new UserErrorException($"{file}: cannot resize to {width}x{height}");
            result[v] = Planes(resized, flip);
        }
        return result;
    }

    private static float[] Planes(SKBitmap image, bool flip)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        var values = new float[3 * plane];
        for (int row = 0; row < h; row++)
            for (int col = 0; col < w; col++)
            {
                var c = image.GetPixel(flip ? w - 1 - col : col, row);
                int at = row * w + col;
                values[at] = c.Red;
                values[plane + at] = c.Green;
                values[2 * plane + at] = c.Blue;
            }
        return values;
    }
}

/// <summary>From 0..255 RGB planes to the network's input: ImageNet normalization (RGB / 255, minus
/// mean, over std: torchvision's convention) unless a preprocessing model does it instead.</summary>
public static class PixelScaling
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    public static float[] ImageNet(float[] rgb255)
    {
        int plane = rgb255.Length / 3;
        var result = new float[rgb255.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < plane; i++)
                result[c * plane + i] = (rgb255[c * plane + i] / 255f - Mean[c]) / Std[c];
        return result;
    }
}
