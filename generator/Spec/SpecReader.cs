using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Reads the top level of a spec into a <see cref="DecoderSpec"/>, applying defaults;
/// layers and ram_limits have their own readers.</summary>
internal sealed class SpecReader(SpecErrorSink errors, string? weightsDirectory)
{
    public static readonly IReadOnlyList<string> Keys =
        ["name", "coder", "table_log", "lanes", "input_width", "tables", "huffman_max_length", "ram_limits", "states_per_lane", "rans_state_bits", "rans_search", "table_groups", "table_bit_cost", "table_log_mode", "ram_build_engines", "ram_banks", "layers"];

    private static readonly IReadOnlyList<(string, CoderKind)> Coders =
        [("tans", CoderKind.Tans), ("huffman", CoderKind.Huffman), ("raw", CoderKind.Raw), ("rans", CoderKind.Rans)];

    private static readonly IReadOnlyList<(string, TableMode)> TableModes = [("rom", TableMode.Rom), ("ram", TableMode.Ram)];
    private static readonly IReadOnlyList<(string, RansSearch)> RansSearches =
        [("auto", RansSearch.Auto), ("flat", RansSearch.Flat), ("grouped", RansSearch.Grouped)];
    private static readonly IReadOnlyList<(string, TableLogMode)> TableLogModes =
        [("fixed", TableLogMode.Fixed), ("by_size", TableLogMode.BySize), ("best", TableLogMode.Best)];

    /// <summary>The spec name becomes build/NAME/; Windows refuses these as file or folder names.</summary>
    private static readonly HashSet<string> WindowsDeviceNames =
        ["con", "prn", "aux", "nul", .. Enumerable.Range(0, 10).SelectMany(i => new[] { $"com{i}", $"lpt{i}" })];

    private readonly ValueReader values = new(errors);

    /// <summary>The spec, or null when anything was wrong (the sink then holds every error).</summary>
    public DecoderSpec? Read(YamlNode root, string sourcePath)
    {
        var spec = MappingFields.Open(root, "", errors, "a spec", Keys);
        if (spec is null) return null;

        var nameNode = spec.Required("name");
        var name = nameNode is null ? null : values.Identifier(nameNode, "name");
        if (name is not null && WindowsDeviceNames.Contains(name))
        {
            errors.Add(nameNode!.Start, "name", $"'{name}' is a Windows device name and cannot name the output folder");
            name = null;
        }
        var coder = Field(spec, "coder", SpecDefaults.Coder, (n, p) => values.Choice(n, p, Coders));
        var tableLog = Field(spec, "table_log", SpecDefaults.TableLog,
            (n, p) => values.Int(n, p, DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog));
        var lanes = Field(spec, "lanes", SpecDefaults.Lanes, (n, p) => values.Int(n, p, SpecLimits.MinLanes, DecoderSpec.MaxLanes));
        var inputWidth = Field(spec, "input_width", SpecDefaults.InputWidth,
            (n, p) => values.Int(n, p, DecoderSpec.MinInputWidth, DecoderSpec.MaxInputWidth));
        var tables = Field(spec, "tables", SpecDefaults.Tables, (n, p) => values.Choice(n, p, TableModes));
        var huffmanMaxLength = Field(spec, "huffman_max_length", DecoderSpec.DefaultHuffmanMaxLength,
            (n, p) => values.Int(n, p, SpecLimits.MinHuffmanMaxLength, SpecLimits.MaxHuffmanMaxLength));
        var statesPerLane = Field(spec, "states_per_lane", SpecDefaults.StatesPerLane, (n, p) => values.Int(n, p, 1, SpecLimits.MaxStatesPerLane));
        CheckStatesPerLane(spec, statesPerLane, coder, tables);
        var ransStateBits = Field(spec, "rans_state_bits", DecoderSpec.DefaultRansStateBits,
            (n, p) => values.Int(n, p, 0, DecoderSpec.MaxRansStateBits));
        var ransSearch = Field(spec, "rans_search", RansSearch.Auto, (n, p) => values.Choice(n, p, RansSearches));
        var tableGroups = spec.Optional("table_groups") is { } groupsNode ? ReadTableGroups(groupsNode, coder, tables) : TableGroups.None;
        var tableBitCost = Field(spec, "table_bit_cost", DecoderSpec.DefaultTableBitCost,
            (n, p) => values.Number(n, p, v => double.IsFinite(v) && v >= 0, "a finite number >= 0"));
        var tableLogMode = Field(spec, "table_log_mode", TableLogMode.Fixed, (n, p) => values.Choice(n, p, TableLogModes));
        var buildEngines = spec.Optional("ram_build_engines") is { } enginesNode ? ReadBuildEngines(enginesNode, tables) : DecoderSpec.DefaultRamBuildEngines;
        var ramBanks = spec.Optional("ram_banks") is { } banksNode ? ReadRamBanks(banksNode, coder, tables) : DecoderSpec.DefaultRamBanks;

        var layersNode = spec.Required("layers");
        var sources = new WeightSourceReader(errors, values, weightsDirectory);
        var layers = layersNode is null ? null
            : new LayerReader(errors, values, sources, coder is CoderKind.Tans or CoderKind.Rans, tableLog).ReadAll(layersNode, "layers");

        CheckHuffmanLengths(spec, coder, huffmanMaxLength, layers);
        var ramLimits = tables is { } mode ? new RamLimitsReader(errors, values).Read(spec, mode, layers, tableLog ?? SpecDefaults.TableLog) : null;

        if (errors.HasErrors || name is null || coder is null || tableLog is null || lanes is null || inputWidth is null
            || tables is null || huffmanMaxLength is null || statesPerLane is null || layers is null
            || ransStateBits is null || ransSearch is null || tableGroups is null || tableBitCost is null || tableLogMode is null || buildEngines is null || ramBanks is null
            || (tables == TableMode.Ram && ramLimits is null))
            return null;
        return new DecoderSpec(name, coder.Value, tableLog.Value, lanes.Value, inputWidth.Value, tables.Value,
            layers, sourcePath, huffmanMaxLength.Value, ramLimits, statesPerLane.Value,
            ransStateBits.Value, tableGroups.Value, tableBitCost.Value, ransSearch.Value, tableLogMode.Value, buildEngines.Value, ramBanks.Value);
    }

    /// <summary><c>table_groups</c>: none, auto, or the most tables wanted (1..1024). Groups share a table in
    /// ROM, so they apply to the coders with per-layer ROM tables worth sharing: tANS and Huffman.</summary>
    private TableGroups? ReadTableGroups(YamlNode node, CoderKind? coder, TableMode? tables)
    {
        TableGroups? groups = node switch
        {
            YamlScalar { Kind: ScalarKind.Int } => values.Int(node, "table_groups", 1, SpecLimits.MaxLayers) is { } count
                ? new TableGroups(TableGroupMode.Count, count) : null,
            YamlScalar { Kind: ScalarKind.String, Value: "none" } => TableGroups.None,
            YamlScalar { Kind: ScalarKind.String, Value: "auto" } => TableGroups.Auto,
            YamlBroken => null,
            _ => Invalid(),
        };
        TableGroups? Invalid()
        {
            errors.Add(node.Start, "table_groups", $"must be none, auto or a number of tables 1..{SpecLimits.MaxLayers}, got {ValueReader.Describe(node)}");
            return null;
        }
        if (groups is not { Mode: not TableGroupMode.None }) return groups;
        if (coder is CoderKind.Raw or CoderKind.Rans)
            errors.Add(node.Start, "table_groups",
                $"applies to coder tans and huffman (a {coder.Value.ToString().ToLowerInvariant()} decoder has no per-layer ROM table to share); use none");
        else if (tables == TableMode.Ram)
            errors.Add(node.Start, "table_groups", "applies to tables: rom (a ram decoder loads each layer's table from the stream); use none");
        else return groups;
        return null;
    }

    /// <summary><c>ram_build_engines</c>: 1, 2, 4 or auto; the table builder of a tables: ram decoder, so an
    /// error with tables: rom (as ram_limits). Accepted with every coder of tables: ram; only tANS builds tables.</summary>
    private int? ReadBuildEngines(YamlNode node, TableMode? tables)
    {
        int? engines = node switch
        {
            YamlScalar { Kind: ScalarKind.Int } s when CoreSchema.ParseInt(s.Value) is var v && (v == 1 || v == 2 || v == 4) => (int)v,
            YamlScalar { Kind: ScalarKind.String, Value: "auto" } => DecoderSpec.AutoRamBuildEngines,
            YamlBroken => null,
            _ => null,
        };
        if (engines is null && node is not YamlBroken)
            errors.Add(node.Start, "ram_build_engines", $"must be 1, 2, 4 or auto, got {ValueReader.Describe(node)}");
        else if (engines is not null && tables == TableMode.Rom)
        {
            errors.Add(node.Start, "ram_build_engines", "applies only to tables: ram (the table builder of a ram decoder)");
            return null;
        }
        return engines;
    }

    /// <summary><c>ram_banks</c>: 1, 2 or 3 table banks of a tables: ram tANS decoder. Only the tANS decoder has the
    /// single bank (headers inline) and the third (its header queue and builder schedule), so any other coder
    /// with 1 or 3, or tables: rom, is an error.</summary>
    private int? ReadRamBanks(YamlNode node, CoderKind? coder, TableMode? tables)
    {
        int? banks = node switch
        {
            YamlScalar { Kind: ScalarKind.Int } s when CoreSchema.ParseInt(s.Value) is var v && v >= DecoderSpec.MinRamBanks && v <= DecoderSpec.MaxRamBanks => (int)v,
            _ => null,
        };
        if (node is YamlBroken) return null;
        if (banks is null)
        {
            errors.Add(node.Start, "ram_banks", $"must be 1, 2 or 3, got {ValueReader.Describe(node)}");
            return null;
        }
        if (tables == TableMode.Rom)
        {
            errors.Add(node.Start, "ram_banks", "applies only to tables: ram (the table banks of a ram decoder)");
            return null;
        }
        if (banks != DecoderSpec.DefaultRamBanks && coder is not null and not CoderKind.Tans)
        {
            errors.Add(node.Start, "ram_banks", $"ram_banks: {banks} is implemented for coder tans only, got coder {coder.Value.ToString().ToLowerInvariant()}");
            return null;
        }
        return banks;
    }

    /// <summary>The pipelined lanes exist for the tANS decoder with its tables in ROM: the loop they break
    /// (ROM read -> nbBits -> next state) is a tANS lane's, and a RAM decoder would need its load phase too.
    /// A rANS lane reads no table RAM (it compares its slot with the layer's cumulative sums), so there is
    /// no read latency for a second state to hide: its RTL has one state per lane.</summary>
    private void CheckStatesPerLane(MappingFields spec, int? statesPerLane, CoderKind? coder, TableMode? tables)
    {
        if (statesPerLane is not > 1 || spec.Optional("states_per_lane") is not { } node) return;
        if (coder == CoderKind.Rans)
            errors.Add(node.Start, "states_per_lane", $"{statesPerLane} needs coder: tans (a rANS lane compares its slot with the shared table instead of reading a table RAM, so it has no read latency for a second state to hide; the rANS decoder has one state per lane)");
        else if (coder is { } c && c is not CoderKind.Tans)
            errors.Add(node.Start, "states_per_lane", $"{statesPerLane} needs coder: tans (a {c.ToString().ToLowerInvariant()} lane has no state)");
        else if (tables == TableMode.Ram)
            errors.Add(node.Start, "states_per_lane", $"{statesPerLane} is built for tables: rom only");
    }

    /// <summary>A length limit below the widest layer's bits cannot give all 2^bits-1 levels a code.</summary>
    private void CheckHuffmanLengths(MappingFields spec, CoderKind? coder, int? maxLength, IReadOnlyList<LayerSpec>? layers)
    {
        if (coder != CoderKind.Huffman || maxLength is null || layers is null) return;
        var widest = layers.Max(l => l.Bits);
        if (maxLength >= widest || spec.Optional("huffman_max_length") is not { } node) return;
        errors.Add(node.Start, "huffman_max_length",
            $"must be at least {widest}, the widest layer's bits, so every level can have a code; got {maxLength}");
    }

    /// <summary>An optional top-level field: the default when left out, null when invalid.</summary>
    private static T? Field<T>(MappingFields spec, string key, T fallback, Func<YamlNode, string, T?> read) where T : struct =>
        spec.Optional(key) is { } node ? read(node, key) : fallback;
}
