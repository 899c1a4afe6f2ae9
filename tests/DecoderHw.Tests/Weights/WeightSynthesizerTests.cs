using DecoderHw.Spec;
using DecoderHw.Weights;

namespace DecoderHw.Tests.Weights;

public class WeightSynthesizerTests
{
    [Fact]
    public void FromFrequencies_NeverDrawsAZeroFrequencyLevel_WhenZerosFollowTheLastPresentLevel()
    {
        // {-1: 1, 0: 1998, 1: 1} at 4 bits: levels 2..7 repeat the last cumulative count, where a plain
        // BinarySearch may land. Such a level has no table slot and cannot be encoded.
        long[] frequencies = [0, 0, 0, 0, 0, 0, 1, 1998, 1, 0, 0, 0, 0, 0, 0];
        var levels = WeightSynthesizer.FromFrequencies(new FrequencySource(frequencies, 20000, 15), maxLevel: 7);
        Assert.All(levels, l => Assert.InRange(l, -1, 1));
        Assert.Contains(1, levels);
        Assert.Contains(-1, levels);
    }
}
