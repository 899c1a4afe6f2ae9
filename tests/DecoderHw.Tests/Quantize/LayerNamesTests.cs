using DecoderHw.Quantize;

namespace DecoderHw.Tests.Quantize;

public sealed class LayerNamesTests
{
    [Theory]
    [InlineData("entry_flow.conv_in.filters", "entry_flow_conv_in_filters")]
    [InlineData("blocks/0/conv.weight", "blocks_0_conv_weight")]
    [InlineData("0.weight", "t_0_weight")]
    [InlineData("..", "layer")]
    [InlineData("a..b", "a_b")]
    [InlineData("héllo", "h_llo")]
    public void Sanitize_MakesIdentifiers(string tensor, string expected)
    {
        Assert.Equal(expected, LayerNames.Sanitize(tensor));
    }

    [Fact]
    public void Assign_MakesNamesUnique_IgnoringCase()
    {
        Assert.Equal(["a_b", "a_b_2", "a_b_3", "a_b_2_2"], LayerNames.Assign(["a.b", "a/b", "A.B", "a_b_2"]));
    }
}
