using DecoderHw.Rans;
using Xunit.Abstractions;

namespace DecoderHw.Tests.Rans;

public class RansTableBuilderTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_MultiplyFree_Debug()
    {
        var cost = new MultiplyFreeCost(5, [0.9, 0.05, 0.05]);
        try { output.WriteLine(cost.BitsPerSymbol([26, 3, 3], 4, false).ToString()); }
        catch (Exception e) { output.WriteLine(e.ToString()); throw; }
    }
}
