namespace DecoderHw.Weights;

/// <summary>Opens weight files so that every I/O failure becomes a message naming the file.</summary>
internal static class WeightFile
{
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WeightFileException(path, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message);
        }
    }
}
