namespace DecoderHw.Cycle;

/// <summary>The testbench's stall generator: a 32-bit Galois LFSR (taps 32,22,2,1), advanced once per
/// cycle. The testbench implements the same two lines, so both sides stall on the same cycles.</summary>
public struct Lfsr(uint seed)
{
    public const uint Taps = 0x80200003u;

    public uint State { get; private set; } = seed == 0 ? 1u : seed;

    public void Advance() => State = (State >> 1) ^ ((State & 1u) != 0 ? Taps : 0u);

    /// <summary>True when the cycle may proceed: the low byte is at or above the stall threshold (0..256).</summary>
    public readonly bool Gate(int threshold) => (int)(State & 0xffu) >= threshold;
}

/// <summary>A seeded stall pattern for one run: input stalls, output backpressure (thresholds in 1/256).</summary>
public sealed record StallScenario(string Name, int InputStallThreshold, int OutputStallThreshold, uint InputSeed, uint OutputSeed)
{
    public static readonly StallScenario Free = new("free", 0, 0, 1, 1);

    /// <summary>Stalls a quarter of the cycles on each side: enough to exercise every wait path.</summary>
    public static readonly StallScenario Stall = new("stall", 64, 64, 0x1F2E3D4Cu, 0x5A6B7C8Du);
}
