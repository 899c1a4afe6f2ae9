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
/// <remarks>A side's LFSR advances once every <see cref="InputBurst"/> (<see cref="OutputBurst"/>) cycles,
/// in the cycles t with (t + 1) mod burst = 0, so its gate holds for runs of burst cycles: 1 is the
/// plain pattern, larger values make bursts of stalls and of free cycles.</remarks>
public sealed record StallScenario(string Name, int InputStallThreshold, int OutputStallThreshold, uint InputSeed, uint OutputSeed)
{
    public static readonly StallScenario Free = new("free", 0, 0, 1, 1);

    /// <summary>Stalls a quarter of the cycles on each side: enough to exercise every wait path.</summary>
    public static readonly StallScenario Stall = new("stall", 64, 64, 0x1F2E3D4Cu, 0x5A6B7C8Du);

    /// <summary>Half the cycles stalled on each side, in runs of 16: the buffer drains and fills whole.</summary>
    public static readonly StallScenario Burst = new("burst", 128, 128, 0x2C1B0A99u, 0x7E6D5C4Bu) { InputBurst = 16, OutputBurst = 16 };

    /// <summary>A word offered in 1 of 16 cycles, the sink always ready: the decoder starves on input.</summary>
    public static readonly StallScenario SlowInput = new("slow_in", 240, 0, 0x0BADCAFEu, 1);

    /// <summary>The sink ready in 1 of 16 cycles, input always offered: the output register waits.</summary>
    public static readonly StallScenario SlowOutput = new("slow_out", 0, 240, 1, 0x600DF00Du);

    /// <summary>Cycles per input LFSR step (1 or more).</summary>
    public int InputBurst { get; init; } = 1;

    /// <summary>Cycles per output LFSR step (1 or more).</summary>
    public int OutputBurst { get; init; } = 1;
}
