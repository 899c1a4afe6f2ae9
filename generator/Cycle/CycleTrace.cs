namespace DecoderHw.Cycle;

/// <summary>What the cycle model predicts for one run of one stream.</summary>
/// <param name="OutputHandshakeCycles">Cycle of each output beat's handshake, in beat order.</param>
/// <param name="FirstInputCycle">Cycle of the first input handshake.</param>
/// <param name="DoneCycle">The cycle in which done_o is high.</param>
/// <param name="LastBeatOfLayer">Index (into OutputHandshakeCycles) of each layer's last beat.</param>
public sealed record CycleTrace(
    StallScenario Scenario,
    int[] OutputHandshakeCycles,
    int FirstInputCycle,
    int DoneCycle,
    int[] LastBeatOfLayer)
{
    /// <summary>Cycle of each input word's handshake, in word order.</summary>
    public int[] InputHandshakeCycles { get; init; } = [];

    public int FirstOutputLatency => OutputHandshakeCycles[0] - FirstInputCycle;

    /// <summary>tables: ram: cycles the decoder waited for each layer's table: in LOAD reading its header (and
    /// waiting for the builder to finish the table before it), and in INIT waiting for its build; all 0 for rom.</summary>
    public IReadOnlyList<long> LoadCyclesOfLayer { get; init; } = [];

    /// <summary>From the first input handshake to the last output handshake, both included.</summary>
    public long TotalCycles => OutputHandshakeCycles[^1] - FirstInputCycle + 1L;

    /// <summary>Cycles attributed to a layer: from the previous layer's last output handshake to its own.</summary>
    public long LayerCycles(int layer)
    {
        int end = OutputHandshakeCycles[LastBeatOfLayer[layer]];
        int start = layer == 0 ? FirstInputCycle - 1 : OutputHandshakeCycles[LastBeatOfLayer[layer - 1]];
        return end - start;
    }
}
