using System.Text.Json;

namespace DecoderHw.Sizing;

/// <summary>Port bits of a module in a yosys JSON netlist: the pins nextpnr needs to place it stand-alone.</summary>
public static class NetlistPorts
{
    public static int Count(string jsonPath, string top)
    {
        using var stream = File.OpenRead(jsonPath);
        using var json = JsonDocument.Parse(stream);
        if (!json.RootElement.TryGetProperty("modules", out var modules) || !modules.TryGetProperty(top, out var module))
            throw new FormatException($"{jsonPath}: no module '{top}' in the yosys netlist");
        return module.TryGetProperty("ports", out var ports)
            ? ports.EnumerateObject().Sum(p => p.Value.GetProperty("bits").GetArrayLength())
            : 0;
    }
}
