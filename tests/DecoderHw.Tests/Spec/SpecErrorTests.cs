using System.Text;
using DecoderHw.Cli;
using DecoderHw.Spec;
using static DecoderHw.Tests.Spec.SpecTestFiles;

namespace DecoderHw.Tests.Spec;

/// <summary>Every kind of spec mistake gives a message at the right file, line, column and field.
/// The base spec below is valid; each test breaks one line of it. Columns are 1-based.</summary>
public sealed class SpecErrorTests
{
    private static string Spec(string layerLine4 = "    bits: 4", string extraTop = "") => $"""
        name: t{extraTop}
        layers:
          - name: a
        {layerLine4}
            distribution: {"{"}laplace: 1.0{"}"}
            count: 100
        """;

    private static void AssertError(SpecError error, int line, int column, string field, string messageStart)
    {
        Assert.Equal(("t.yaml", line, column, field), (error.File, error.Line, error.Column, error.Field));
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsRangeWithFileLineColumnAndField_WhenBitsIsTooLarge()
    {
        var error = SingleErrorOf(Spec("    bits: 9"));

        Assert.Equal("t.yaml:4:11: field 'layers[0].bits': must be 2..8, got 9", error.ToString());
    }

    [Fact]
    public void Parse_PointsAtTheEnclosingMapping_WhenARequiredFieldIsMissing()
    {
        AssertError(SingleErrorOf(Spec("    step: 1")), 3, 5, "layers[0].bits", "required field is missing");
        AssertError(SingleErrorOf("layers: [{name: a, bits: 2, distribution: {laplace: 1}, count: 1}]\n"), 1, 1, "name", "required field is missing");
    }

    [Fact]
    public void Parse_SaysWhichKeysAreAllowed_WhenAKeyIsUnknown()
    {
        var error = SingleErrorOf(Spec("    bits: 4\n    colour: red"));

        AssertError(error, 5, 5, "layers[0].colour", "unknown key; allowed: name, bits, table_log, step, dead_zone, frequencies, distribution, source, count, seed");
    }

    [Fact]
    public void Parse_SuggestsTheNearestKey_WhenAKeyIsMisspelt()
    {
        var error = SingleErrorOf(Spec(extraTop: "\ntabel_log: 9"));

        AssertError(error, 2, 1, "tabel_log", "unknown key (did you mean 'table_log'?); allowed: name, coder,");
    }

    [Theory]
    [InlineData("    bits: four", "must be an integer, got 'four'")]
    [InlineData("    bits: \"4\"", "must be an integer, got the quoted string \"4\" (numbers are written without quotes)")]
    [InlineData("    bits: 4.0", "must be an integer, got 4.0")]
    [InlineData("    bits: [4]", "must be an integer, got a list")]
    [InlineData("    bits: {a: 1}", "must be an integer, got a mapping")]
    [InlineData("    bits: true", "must be an integer, got the boolean true")]
    public void Parse_ReportsTheTypeGiven_WhenAnIntegerFieldHoldsSomethingElse(string line, string message)
    {
        AssertError(SingleErrorOf(Spec(line)), 4, 11, "layers[0].bits", message);
    }

    [Fact]
    public void Parse_ReportsWrongContainer_WhenAListStandsWhereAMappingBelongs()
    {
        AssertError(SingleErrorOf("name: t\nlayers: {a: 1}\n"), 2, 9, "layers", "must be a list of layers, got a mapping");
        AssertError(SingleErrorOf("name: t\nlayers:\n  - [1, 2]\n"), 3, 5, "layers[0]", "a layer must be a mapping with keys name, bits,");
        AssertError(SingleErrorOf("- name: t\n"), 1, 1, "", "a spec must be a mapping with keys name, coder,");
    }

    [Theory]
    [InlineData("    bits: 99999999999999999999999999", "must be 2..8, got 99999999999999999999999999")]
    [InlineData("    bits: -99999999999999999999999999", "must be 2..8, got -99999999999999999999999999")]
    [InlineData("    bits: -3", "must be 2..8, got -3")]
    public void Parse_ReportsRangeNotOverflow_WhenNumbersAreHugeOrNegative(string line, string message)
    {
        AssertError(SingleErrorOf(Spec(line)), 4, 11, "layers[0].bits", message);
    }

    [Fact]
    public void Parse_ReportsRange_WhenCountOrSeedAreOutOfTheirTypes()
    {
        var errors = ErrorsOf(Spec("    bits: 4\n    seed: 18446744073709551616").Replace("count: 100", "count: 100000001"));

        AssertError(errors[0], 5, 11, "layers[0].seed", "must be an unsigned 64-bit integer (0..2^64-1), got 18446744073709551616");
        AssertError(errors[1], 7, 12, "layers[0].count", "must be 1..100000000, got 100000001");
    }

    [Theory]
    [InlineData("    step: -0.5", 11, "layers[0].step", "must be a positive finite number, got -0.5")]
    [InlineData("    step: .nan", 11, "layers[0].step", "must be a positive finite number, got .nan")]
    [InlineData("    step: 1e999", 11, "layers[0].step", "must be a positive finite number, got 1e999")]
    [InlineData("    table_log: 13", 16, "layers[0].table_log", "must be 5..12, got 13")]
    public void Parse_ReportsRange_WhenAnOptionalLayerFieldIsInvalid(string line, int column, string field, string message)
    {
        AssertError(SingleErrorOf(Spec("    bits: 4\n" + line)), 5, column, field, message);
    }

    [Fact]
    public void Parse_PointsAtTheSecondLayer_WhenTwoLayersShareAName()
    {
        var yaml = Spec() + "\n  - {name: b, bits: 2, distribution: {laplace: 1}, count: 1}\n  - {name: a, bits: 2, distribution: {laplace: 1}, count: 1}\n";

        AssertError(SingleErrorOf(yaml), 8, 12, "layers[2].name", "duplicate layer name 'a' (first at line 3)");
    }

    [Fact]
    public void Parse_PointsAtTheRepeat_WhenAMappingKeyIsDuplicated()
    {
        AssertError(SingleErrorOf(Spec("    bits: 4\n    bits: 5")), 5, 5, "layers[0].bits", "duplicate key (first at line 4)");
    }

    [Fact]
    public void Parse_ReportsTheSecondSource_WhenALayerHasTwo()
    {
        var error = SingleErrorOf(Spec("    bits: 2\n    frequencies: [1, 2, 1]"));

        AssertError(error, 6, 5, "layers[0].distribution", "a layer has exactly one source of weights, and 'frequencies' is already given");
    }

    [Fact]
    public void Parse_PointsAtTheLayer_WhenItHasNoSource()
    {
        AssertError(SingleErrorOf("name: t\nlayers:\n  - name: a\n    bits: 4\n    count: 5\n"), 3, 5, "layers[0]",
            "a layer needs one source of weights: frequencies, distribution or source");
    }

    [Fact]
    public void Parse_SaysHowManyCountsBitsNeed_WhenFrequenciesHaveTheWrongLength()
    {
        var error = SingleErrorOf("name: t\nlayers:\n  - {name: a, bits: 3, frequencies: [1, 2], count: 5}\n");

        AssertError(error, 3, 37, "layers[0].frequencies", "must list 7 counts for bits 3 (levels -3..3), got 2");
    }

    [Theory]
    [InlineData("[0, 0, 0]", 37, "layers[0].frequencies", "at least one count must be positive")]
    [InlineData("[1, -1, 1]", 41, "layers[0].frequencies[1]", "must be 0..1000000000000, got -1")]
    [InlineData("{0: 5, +0: 1}", 44, "layers[0].frequencies.+0", "level 0 is given twice (first at line 3, column 38)")]
    [InlineData("{2: 5}", 38, "layers[0].frequencies.2", "must be -1..1, got 2")]
    public void Parse_ReportsTheBadCount_WhenFrequenciesAreInvalid(string frequencies, int column, string field, string message)
    {
        var error = SingleErrorOf($"name: t\nlayers:\n  - {{name: a, bits: 2, frequencies: {frequencies}, count: 5}}\n");

        AssertError(error, 3, column, field, message);
    }

    [Fact]
    public void Parse_ReportsTableTooSmall_WhenFrequenciesHaveMoreLevelsThanSlots()
    {
        var counts = string.Join(", ", Enumerable.Repeat(1, 63));
        var error = SingleErrorOf($"name: t\ntable_log: 5\nlayers:\n  - {{name: a, bits: 6, frequencies: [{counts}], count: 5}}\n");

        AssertError(error, 4, 37, "layers[0].frequencies", "has 63 levels with a non-zero count, more than the 32 slots of table_log 5");
    }

    [Theory]
    [InlineData("{}", 19, "layers[0].distribution", "must name one distribution")]
    [InlineData("{laplace: 1, gaussian: 1}", 32, "layers[0].distribution.gaussian", "name exactly one distribution; 'laplace' is already given")]
    [InlineData("{laplace: 0}", 29, "layers[0].distribution.laplace", "must be a positive finite number (in quantization steps), got 0")]
    [InlineData("{uniform: 1}", 20, "layers[0].distribution.uniform", "unknown key; allowed: laplace, gaussian")]
    public void Parse_ReportsTheProblem_WhenADistributionIsInvalid(string distribution, int column, string field, string message)
    {
        var errors = ErrorsOf(Spec().Replace("{laplace: 1.0}", distribution));

        AssertError(errors.Single(e => e.Field == field), 5, column, field, message);
    }

    [Fact]
    public void Parse_RejectsCountAndSeed_WhenTheLayerReadsRealWeights()
    {
        var errors = ErrorsOf("name: t\nlayers:\n  - name: a\n    bits: 4\n    source: {file: w.npy, tensor: x}\n    count: 5\n    seed: 2\n");

        Assert.Equal(2, errors.Count);
        AssertError(errors[0], 6, 5, "layers[0].count", "not allowed with 'source'");
        AssertError(errors[1], 7, 5, "layers[0].seed", "not allowed with 'source'");
    }

    [Fact]
    public void Parse_RejectsDeadZone_WhenTheLayerIsSynthetic()
    {
        AssertError(SingleErrorOf(Spec("    bits: 4\n    dead_zone: 0.6")), 5, 5, "layers[0].dead_zone", "applies only to real weights");
    }

    [Fact]
    public void Parse_ReportsInvalidNames_WhenTheyAreNotIdentifiers()
    {
        var errors = ErrorsOf(Spec().Replace("name: t", "name: My-Decoder").Replace("name: a", "name: 1st"));

        AssertError(errors[0], 1, 7, "name", "must be a lowercase identifier ([a-z_][a-z0-9_]*, at most 64 characters), got 'My-Decoder'");
        AssertError(errors[1], 3, 11, "layers[0].name", "must be a lowercase identifier");
    }

    [Fact]
    public void Parse_RejectsWindowsDeviceNames_WhenTheyNameTheSpec()
    {
        AssertError(SingleErrorOf(Spec().Replace("name: t", "name: nul")), 1, 7, "name", "'nul' is a Windows device name");
    }

    [Theory]
    [InlineData("\ncoder: zstd", 8, "coder", "must be one of tans, huffman, raw, rans, got 'zstd'")]
    [InlineData("\ntables: flash", 9, "tables", "must be one of rom, ram, got 'flash'")]
    [InlineData("\nlanes: 17", 8, "lanes", "must be 1..16, got 17")]
    [InlineData("\ninput_width: 4", 14, "input_width", "must be 8..256, got 4")]
    [InlineData("\ntable_log: 4", 12, "table_log", "must be 5..12, got 4")]
    [InlineData("\nhuffman_max_length: 17", 21, "huffman_max_length", "must be 2..16, got 17")]
    [InlineData("\nram_limits: {max_bits: 8}", 1, "ram_limits", "applies only to tables: ram")]
    public void Parse_ReportsTheTopLevelField_WhenItIsInvalid(string extraTop, int column, string field, string message)
    {
        AssertError(SingleErrorOf(Spec(extraTop: extraTop)), 2, column, field, message);
    }

    [Fact]
    public void Parse_ReportsLimitsBelowTheModel_WhenRamLimitsAreTooSmall()
    {
        var errors = ErrorsOf(Spec(extraTop: "\ntables: ram\nram_limits: {max_table_log: 10, max_bits: 3, max_layers: 1}"));

        Assert.Equal(2, errors.Count);
        AssertError(errors[0], 3, 29, "ram_limits.max_table_log", "must be at least 11, the largest table_log of the layers, got 10");
        AssertError(errors[1], 3, 43, "ram_limits.max_bits", "must be at least 4, the widest layer's bits, got 3");
    }

    [Fact]
    public void Parse_ReportsMaxWeightsBelowTheLargestLayer_WhenRamLimitsAreTooSmall()
    {
        var error = SingleErrorOf(Spec(extraTop: "\ntables: ram\nram_limits: {max_weights: 99}"));

        AssertError(error, 3, 27, "ram_limits.max_weights", "must be at least 100, the largest layer's count, got 99");
    }

    [Fact]
    public void Parse_AcceptsHuffmanWithRamTables_AndDefaultsMaxWeightsToTheLargestLayer()
    {
        var spec = SpecLoader.Parse(Spec(extraTop: "\ncoder: huffman\ntables: ram"), "t.yaml");

        Assert.Equal((CoderKind.Huffman, TableMode.Ram), (spec.Coder, spec.Tables));
        Assert.Equal(100, spec.RamLimits!.MaxWeights);
    }

    [Fact]
    public void Parse_ReportsHuffmanLengthBelowTheWidestLayer_WhenCoderIsHuffman()
    {
        var error = SingleErrorOf(Spec(extraTop: "\ncoder: huffman\nhuffman_max_length: 3"));

        AssertError(error, 3, 21, "huffman_max_length", "must be at least 4, the widest layer's bits");
    }

    [Theory]
    [InlineData("name: [t\n", 2, 1)]
    [InlineData("name: a: b\n", 1, 8)]
    [InlineData("name: t\nlayers:\n  - a\n  b\n", 4, 3)]
    [InlineData("name: 'open\n", 1, 7)]
    [InlineData("name: t\nlayers: [1, 2\nb: 3\n", 2, 10)]  // YamlDotNet throws InvalidOperationException here
    public void Parse_ReportsInvalidYamlWhereItBreaks_WhenTheSyntaxIsWrong(string yaml, int line, int column)
    {
        var error = SingleErrorOf(yaml);

        Assert.Equal((line, column, ""), (error.Line, error.Column, error.Field));
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsTheLineAndColumnOfTheFirstBadByte_WhenTheFileIsNotUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("name: t\nlayers: [é, \u00ff").Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecLoader.Parse(bytes, "t.yaml")).Errors);

        Assert.Equal("t.yaml:2:14: not valid UTF-8: byte 0xC3 at byte offset 23", error.ToString());
    }

    [Fact]
    public void Parse_CountsLinesAsYamlDoes_WhenABadByteFollowsAUnicodeLineSeparator()
    {
        // YamlDotNet breaks lines at U+2028 (YAML 1.1), so the UTF-8 check must too, or positions in
        // one report would disagree.
        var bytes = Encoding.UTF8.GetBytes("# a\u2028bc").Append((byte)0xFF).ToArray();

        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecLoader.Parse(bytes, "t.yaml")).Errors);

        Assert.Equal((2, 3), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# nothing here\n", "the spec is empty: no YAML document")]
    [InlineData("~\n", "a spec must be a mapping with keys name,")]
    public void Parse_ReportsAnEmptySpec_WhenThereIsNoDocument(string yaml, string message)
    {
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecLoader.Parse(Encoding.UTF8.GetBytes(yaml), "t.yaml")).Errors);

        AssertError(error, 1, 1, "", message);
    }

    [Fact]
    public void Parse_ReportsTheSecondDocument_WhenTheFileHasTwo()
    {
        AssertError(SingleErrorOf(Spec() + "\n---\nname: u\n"), 7, 1, "", "a spec is one YAML document");
    }

    [Fact]
    public void Parse_ReportsTagsAndUnknownAliases_WhenTheSpecUsesThem()
    {
        var errors = ErrorsOf(Spec("    bits: !!int 4").Replace("count: 100", "count: *n"));

        AssertError(errors[0], 4, 11, "layers[0].bits", "YAML tags ('tag:yaml.org,2002:int') are not supported");
        AssertError(errors[1], 6, 12, "layers[0].count", "unknown alias '*n'");
    }

    [Fact]
    public void Parse_StopsExpandingAliases_WhenTheyWouldBlowUp()
    {
        var lines = new List<string> { "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]" };
        for (var i = 1; i <= 7; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");

        AssertError(SingleErrorOf(string.Join("\n", lines)), 6, 45, "", "too large: more than 1000000 YAML nodes");
    }

    [Fact]
    public void Parse_ReportsDepth_WhenNestingIsHostile()
    {
        var yaml = "name: t\nlayers: " + new string('[', 2000) + new string(']', 2000) + "\n";

        var errors = ErrorsOf(yaml);

        Assert.Equal((2, "nested more than 32 levels deep"), (Assert.Single(errors).Line, errors[0].Message));
    }

    [Fact]
    public void Parse_ReportsEveryMistake_WhenASpecHasSeveral()
    {
        var errors = ErrorsOf("""
            name: t
            lanes: 0
            layers:
              - name: a
                bits: 9
                distribution: {laplace: 1.0}
                count: 100
                colour: red
            """);

        Assert.Equal(3, errors.Count);
        Assert.Equal([(2, "lanes"), (5, "layers[0].bits"), (8, "layers[0].colour")], errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public void Load_ReportsFileNotFound_WhenThePathDoesNotExist()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-spec-{Guid.NewGuid():N}.yaml");

        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecLoader.Load(path)).Errors);

        Assert.Equal($"{path}:1:1: file not found", error.ToString());
    }

    [Fact]
    public void Load_ReportsNotAFile_WhenThePathIsADirectory()
    {
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecLoader.Load(Path.GetTempPath())).Errors);

        Assert.Equal("is a directory, not a spec file", error.Message);
    }

    [Fact]
    public void Load_ReportsTheWeightsFile_WhenASourceFileDoesNotExist()
    {
        var dir = Directory.CreateTempSubdirectory("decoderhw-spec-");
        try
        {
            var path = Path.Combine(dir.FullName, "s.yaml");
            File.WriteAllText(path, "name: t\nlayers:\n  - {name: a, bits: 4, source: {file: missing.npy, tensor: w}}\n");

            var error = Assert.Single(Assert.Throws<SpecException>(() => SpecLoader.Load(path)).Errors);

            Assert.Equal((3, 39, "layers[0].source.file"), (error.Line, error.Column, error.Field));
            Assert.Equal($"weights file not found: {Path.Combine(dir.FullName, "missing.npy")}", error.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void CliGuard_ExitsWithUserErrorAndPrintsLocatedMessages_WhenTheSpecIsBad()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = CliApp.Guard(new CliConsole(stdout, stderr), () => SpecLoader.Parse(Spec("    bits: 9"), "t.yaml").Lanes);

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Equal("t.yaml:4:11: field 'layers[0].bits': must be 2..8, got 9", stderr.ToString().Trim());
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }
}
