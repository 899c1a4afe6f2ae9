namespace DecoderHw.Tests.Sizing;

/// <summary>Logs captured from real yosys 0.23 / nextpnr-ice40 0.4 runs (see logs/README.md).</summary>
internal static class CapturedLogs
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sizing", "logs", name));
}
