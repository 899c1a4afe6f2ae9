using DecoderHw.Spec;

namespace DecoderHw.Tests.Spec;

/// <summary>Specs that load, and what the loader fills in for fields they leave out.</summary>
public sealed class SpecLoaderTests
{
    private const string Minimal = """
        name: tiny
        layers:
          - name: a
            bits: 4
            distribution: {laplace: 1.5}
            count: 100
        """;

    [Fact]
    public void Parse_AppliesDefaults_WhenOptionalFieldsAreLeftOut()
    {
        var spec = SpecLoader.Parse(Minimal, "tiny.yaml");

        Assert.Equal("tiny", spec.Name);
        Assert.Equal(CoderKind.Tans, spec.Coder);
        Assert.Equal(11, spec.TableLog);
        Assert.Equal(1, spec.Lanes);
        Assert.Equal(32, spec.InputWidth);
        Assert.Equal(TableMode.Rom, spec.Tables);
        Assert.Equal(11, spec.HuffmanMaxLength);
        Assert.Null(spec.RamLimits);
        Assert.Equal("tiny.yaml", spec.SourcePath);
        var layer = Assert.Single(spec.Layers);
        Assert.Equal(("a", 4, (int?)null, (double?)null, (double?)null), (layer.Name, layer.Bits, layer.TableLog, layer.Step, layer.DeadZone));
        Assert.Equal(new DistributionSource(DistributionKind.Laplace, 1.5, 100, 1), layer.Source);
    }

    [Fact]
    public void Parse_ReadsEveryField_WhenAllAreGiven()
    {
        var spec = SpecLoader.Parse("""
            name: full_spec
            coder: huffman
            table_log: 9
            lanes: 16
            input_width: 256
            tables: ram
            huffman_max_length: 12
            ram_limits: {max_table_log: 12, max_bits: 8, max_layers: 10, max_weights: 100000000}
            layers:
              - name: g
                bits: 8
                table_log: 12
                step: 0.25
                distribution: {gaussian: 7}
                count: 100000000
                seed: 18446744073709551615
            """, "f.yaml");

        Assert.Equal((CoderKind.Huffman, 9, 16, 256, TableMode.Ram, 12), (spec.Coder, spec.TableLog, spec.Lanes, spec.InputWidth, spec.Tables, spec.HuffmanMaxLength));
        Assert.Equal(new RamLimits(12, 8, 10, 100_000_000), spec.RamLimits);
        var layer = Assert.Single(spec.Layers);
        Assert.Equal((12, 0.25), (layer.TableLog, layer.Step));
        Assert.Equal(new DistributionSource(DistributionKind.Gaussian, 7, 100_000_000, ulong.MaxValue), layer.Source);
    }

    [Fact]
    public void Parse_DefaultsRamLimitsToWhatTheLayersNeed_WhenTablesRamHasNoLimits()
    {
        var spec = SpecLoader.Parse("""
            name: r
            tables: ram
            table_log: 9
            layers:
              - {name: a, bits: 3, distribution: {laplace: 1}, count: 10}
              - {name: b, bits: 6, table_log: 10, distribution: {laplace: 1}, count: 17}
              - {name: c, bits: 2, distribution: {laplace: 1}, count: 10}
            """, "r.yaml");

        Assert.Equal(new RamLimits(MaxTableLog: 10, MaxBits: 6, MaxLayers: 3, MaxWeights: 17), spec.RamLimits);
    }

    [Fact]
    public void Parse_OrdersCountsFromMostNegativeLevel_WhenFrequenciesAreAList()
    {
        var spec = SpecLoader.Parse("""
            name: f
            layers:
              - name: a
                bits: 3
                frequencies: [1, 2, 3, 4, 5, 6, 7]
                count: 50
                seed: 9
            """, "f.yaml");

        var source = Assert.IsType<FrequencySource>(Assert.Single(spec.Layers).Source);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], source.Frequencies);
        Assert.Equal((50, 9UL), (source.Count, source.Seed));
    }

    [Fact]
    public void Parse_FillsMissingLevelsWithZero_WhenFrequenciesAreAMapping()
    {
        var spec = SpecLoader.Parse("""
            name: f
            layers:
              - name: a
                bits: 3
                frequencies: {-3: 1, 0: 90, +2: 4}
                count: 50
            """, "f.yaml");

        var source = Assert.IsType<FrequencySource>(Assert.Single(spec.Layers).Source);
        Assert.Equal([1L, 0, 0, 90, 0, 4, 0], source.Frequencies);
    }

    [Fact]
    public void Parse_ReadsSeparatorsAndHex_WhenIntegersUseThem()
    {
        var spec = SpecLoader.Parse("""
            name: n
            layers:
              - {name: a, bits: 4, distribution: {laplace: 1}, count: 1_048_576, seed: 0xC0FFEE}
            """, "n.yaml");

        Assert.Equal(new DistributionSource(DistributionKind.Laplace, 1, 1_048_576, 0xC0FFEE), spec.Layers[0].Source);
    }

    [Fact]
    public void Parse_AllowsMoreLevelsThanTableSlots_WhenTheCoderIsNotTans()
    {
        var counts = string.Join(", ", Enumerable.Repeat(1, 63));

        var spec = SpecLoader.Parse($"name: h\ncoder: huffman\nlayers:\n  - {{name: a, bits: 6, table_log: 5, frequencies: [{counts}], count: 5}}\n", "h.yaml");

        Assert.Equal(63, Assert.IsType<FrequencySource>(spec.Layers[0].Source).Frequencies.Count);
    }

    [Fact]
    public void Parse_SharesANode_WhenAnAliasRefersToAnAnchor()
    {
        var spec = SpecLoader.Parse("""
            name: alias
            layers:
              - {name: a, bits: 2, frequencies: &ternary [1, 8, 1], count: 10}
              - {name: b, bits: 2, frequencies: *ternary, count: 20}
            """, "a.yaml");

        Assert.Equal(spec.Layers[0].Source is FrequencySource a ? a.Frequencies : null,
            spec.Layers[1].Source is FrequencySource b ? b.Frequencies : null);
    }

    [Fact]
    public void Parse_TreatsNullAsLeftOut_WhenAnOptionalFieldIsEmpty()
    {
        var spec = SpecLoader.Parse("name: e\nlanes:\ntable_log: ~\nlayers:\n  - {name: a, bits: 2, step: null, distribution: {laplace: 1}, count: 1}\n", "e.yaml");

        Assert.Equal((1, 11, (double?)null), (spec.Lanes, spec.TableLog, spec.Layers[0].Step));
    }

    [Fact]
    public void Parse_IgnoresByteOrderMarkAndCarriageReturns_WhenFileComesFromWindows()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes(Minimal.ReplaceLineEndings("\r\n"))).ToArray();

        var spec = SpecLoader.Parse(bytes, "win.yaml");

        Assert.Equal("tiny", spec.Name);
    }

    [Fact]
    public void Load_ReadsRealWeightSource_WhenTheFileExistsBesideTheSpec()
    {
        var dir = Directory.CreateTempSubdirectory("decoderhw-spec-");
        try
        {
            File.WriteAllBytes(Path.Combine(dir.FullName, "model.safetensors"), [0]);
            var specPath = Path.Combine(dir.FullName, "real.yaml");
            File.WriteAllText(specPath, """
                name: real
                layers:
                  - name: conv1
                    bits: 4
                    step: 0.01
                    dead_zone: 0.75
                    source: {file: model.safetensors, tensor: conv1.weight}
                """);

            var layer = Assert.Single(SpecLoader.Load(specPath).Layers);

            Assert.Equal(new FileSource("model.safetensors", "conv1.weight"), layer.Source);
            Assert.Equal((0.01, 0.75), (layer.Step, layer.DeadZone));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
