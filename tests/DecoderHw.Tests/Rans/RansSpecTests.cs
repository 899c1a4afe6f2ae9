using DecoderHw.Spec;
using static DecoderHw.Tests.Spec.SpecTestFiles;

namespace DecoderHw.Tests.Rans;

public class RansSpecTests
{
    private static string Yaml(string extraTop) =>
        $"name: t{extraTop}\nlayers:\n  - name: a\n    bits: 4\n    distribution: {{laplace: 1.0}}\n    count: 100\n";

    private static DecoderSpec Parse(string extraTop) => SpecLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Yaml(extraTop)), "t.yaml");

    [Fact]
    public void Spec_ReadsRansFields_AndWritesThemBack()
    {
        var spec = Parse("\ncoder: rans\nrans_state_bits: 0");
        Assert.Equal((CoderKind.Rans, 0, 1), (spec.Coder, spec.RansStateBits, spec.StatesPerLane));
        string yaml = SpecYamlWriter.ToYaml(spec);
        Assert.Contains("coder: rans\n", yaml, StringComparison.Ordinal);
        Assert.Contains("rans_state_bits: 0\n", yaml, StringComparison.Ordinal);
        var again = SpecLoader.Parse(System.Text.Encoding.UTF8.GetBytes(yaml), "r.yaml");
        Assert.Equal((spec.Coder, spec.RansStateBits, spec.TableGroups, spec.TableBitCost), (again.Coder, again.RansStateBits, again.TableGroups, again.TableBitCost));
    }

    [Theory]
    [InlineData("", RansSearch.Auto)]
    [InlineData("\nrans_search: flat", RansSearch.Flat)]
    [InlineData("\nrans_search: grouped", RansSearch.Grouped)]
    public void Spec_ReadsRansSearch_AndWritesItBack(string extra, RansSearch expected)
    {
        var spec = Parse("\ncoder: rans" + extra);
        Assert.Equal(expected, spec.RansSearch);
        Assert.Equal(expected, SpecLoader.Parse(System.Text.Encoding.UTF8.GetBytes(SpecYamlWriter.ToYaml(spec)), "r.yaml").RansSearch);
    }

    [Fact]
    public void Spec_Defaults_RansStateBits4_NoGroups_CostOne()
    {
        var spec = Parse("");
        Assert.Equal((4, TableGroups.None, 1.0), (spec.RansStateBits, spec.TableGroups, spec.TableBitCost));
    }

    [Theory]
    [InlineData("\ntable_groups: auto", TableGroupMode.Auto, 0)]
    [InlineData("\ntable_groups: 3", TableGroupMode.Count, 3)]
    [InlineData("\ntable_groups: none", TableGroupMode.None, 0)]
    [InlineData("\ncoder: huffman\ntable_groups: 2", TableGroupMode.Count, 2)]
    public void Spec_ReadsTableGroups(string extraTop, TableGroupMode mode, int count)
    {
        var spec = Parse(extraTop);
        Assert.Equal(new TableGroups(mode, count), spec.TableGroups);
        Assert.Equal(spec.TableGroups, Parse("\n" + SpecYamlWriter.ToYaml(spec).Split('\n').First(l => l.StartsWith("table_groups", StringComparison.Ordinal))).TableGroups);
    }

    [Theory]
    [InlineData("\nrans_state_bits: 16", 2, "rans_state_bits", "must be 0..15")]
    [InlineData("\ntable_groups: 0", 2, "table_groups", "must be 1..1024")]
    [InlineData("\ntable_groups: some", 2, "table_groups", "must be none, auto or a number of tables")]
    [InlineData("\ncoder: rans\ntable_groups: auto", 3, "table_groups", "applies to coder tans and huffman")]
    [InlineData("\ntables: ram\ntable_groups: 2", 3, "table_groups", "applies to tables: rom")]
    [InlineData("\ntable_bit_cost: -1", 2, "table_bit_cost", "must be a finite number >= 0")]
    [InlineData("\ncoder: rans\nrans_search: binary", 3, "rans_search", "auto")]
    [InlineData("\ncoder: raw\nstates_per_lane: 2", 3, "states_per_lane", "2 needs coder: tans (a")]
    [InlineData("\ncoder: rans\nstates_per_lane: 2", 3, "states_per_lane", "a rANS lane compares its slot")]
    public void Spec_RejectsBadRansAndGroupFields(string extraTop, int line, string field, string message)
    {
        var error = ErrorsOf(Yaml(extraTop)).First(e => e.Field == field);
        Assert.Equal(("t.yaml", line), (error.File, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
