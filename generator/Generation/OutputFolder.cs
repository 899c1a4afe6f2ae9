namespace DecoderHw.Generation;

/// <summary>Writes a folder completely in a sibling temp folder, then swaps it in.</summary>
public static class OutputFolder
{
    public static void WriteAtomically(string target, Action<string> write)
    {
        string full = Path.GetFullPath(target);
        string parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        string staging = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        string retired = $"{full}.old-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            write(staging);
            if (Directory.Exists(full)) Directory.Move(full, retired);
            Directory.Move(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, true);
            if (Directory.Exists(retired)) Directory.Delete(retired, true);
        }
    }
}
