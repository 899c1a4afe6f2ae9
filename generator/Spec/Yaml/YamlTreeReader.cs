using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DecoderHw.Spec.Yaml;

/// <summary>Turns YAML text into a located node tree from YamlDotNet's parser events. Syntax errors,
/// duplicate keys, unknown aliases and the like go to the error sink; the tree is null only when the
/// text could not be parsed at all.</summary>
internal sealed class YamlTreeReader
{
    /// <summary>A spec nests four levels deep. Deeper input is hostile or broken: reading stops at the
    /// first node beyond the cap, before recursion or YamlDotNet's flow scanning get expensive.</summary>
    public const int MaxDepth = 32;

    /// <summary>Caps memory and time: the largest sensible spec (1024 layers with 255 counts each) has
    /// about 270k nodes. Aliases count at their expanded size, since they share nodes and a few lines
    /// could otherwise stand for billions of them ("billion laughs") when the validator walks the tree.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    private readonly IParser parser;
    private readonly SpecErrorSink errors;
    private readonly Dictionary<string, (YamlNode Node, long Size)> anchors = new(StringComparer.Ordinal);
    private long nodes;
    private TextPosition lastSeen = TextPosition.Start;

    private YamlTreeReader(string text, SpecErrorSink errors)
    {
        parser = new Parser(new StringReader(text));
        this.errors = errors;
    }

    public static YamlNode? Read(string text, SpecErrorSink errors)
    {
        var reader = new YamlTreeReader(text, errors);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            errors.Add(TextPosition.From(e.Start), "", $"invalid YAML: {OneLine(e.Message)}");
        }
        catch (TooManyNodesException e)
        {
            errors.Add(e.At, "", $"too large: more than {MaxExpandedNodes} YAML nodes (aliases count as often as they are used)");
        }
        catch (TooDeepException e)
        {
            errors.Add(e.At, e.Path, $"nested more than {MaxDepth} levels deep");
        }
        catch (Exception e) when (e is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            // YamlDotNet's scanner throws InvalidOperationException, EndOfStreamException and others
            // on some malformed input (e.g. an unclosed flow sequence) instead of a YamlException;
            // the last event it produced is our best location.
            errors.Add(reader.lastSeen, "", "invalid YAML: the text after this point cannot be parsed");
        }
        return null;
    }

    private YamlNode? ReadStream()
    {
        Expect<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            errors.Add(TextPosition.Start, "", "the spec is empty: no YAML document");
            return null;
        }
        Expect<DocumentStart>();
        var root = ReadNode(depth: 0, path: "");
        Expect<DocumentEnd>();
        if (parser.Accept<DocumentStart>(out var second))
            errors.Add(TextPosition.From(second.Start), "", "a spec is one YAML document; remove this second one");
        return root;
    }

    /// <param name="path">The field path of this node (<c>layers[2].bits</c>), for error messages.</param>
    private YamlNode ReadNode(int depth, string path)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        var at = TextPosition.From(current.Start);
        lastSeen = at;
        return current switch
        {
            AnchorAlias alias => ReadAlias(alias, at, path),
            NodeEvent node when !node.Tag.IsEmpty && !node.Tag.IsNonSpecific =>
                Unsupported(at, path, $"YAML tags ('{node.Tag.Value}') are not supported in a spec"),
            // Stop reading altogether: YamlDotNet's time grows faster than linearly with flow nesting,
            // so skipping the rest of a file of '[' would look like a hang.
            SequenceStart or MappingStart when depth >= MaxDepth => throw new TooDeepException(at, path),
            Scalar scalar => Anchored(scalar, at, () =>
            {
                parser.MoveNext();
                return new YamlScalar(at, scalar.Value, scalar.Style == ScalarStyle.Plain);
            }),
            SequenceStart sequence => Anchored(sequence, at, () => ReadSequence(at, depth, path)),
            MappingStart mapping => Anchored(mapping, at, () => ReadMapping(at, depth, path)),
            _ => throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}"),
        };
    }

    private YamlNode Anchored(NodeEvent start, TextPosition at, Func<YamlNode> read)
    {
        var before = nodes;
        var node = read();
        nodes++;
        if (nodes > MaxExpandedNodes) throw new TooManyNodesException(at);
        if (!start.Anchor.IsEmpty) anchors[start.Anchor.Value] = (node, nodes - before);
        return node;
    }

    private YamlNode ReadAlias(AnchorAlias alias, TextPosition at, string path)
    {
        parser.MoveNext();
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            errors.Add(at, path, $"unknown alias '*{alias.Value.Value}' (no earlier '&{alias.Value.Value}')");
            return new YamlBroken(at);
        }
        nodes += target.Size;
        if (nodes > MaxExpandedNodes) throw new TooManyNodesException(at);
        return target.Node;
    }

    private YamlSequence ReadSequence(TextPosition start, int depth, string path)
    {
        parser.MoveNext();
        var items = new List<YamlNode>();
        while (!parser.Accept<SequenceEnd>(out _)) items.Add(ReadNode(depth + 1, $"{path}[{items.Count}]"));
        parser.MoveNext();
        return new YamlSequence(start, items);
    }

    private YamlMapping ReadMapping(TextPosition start, int depth, string path)
    {
        parser.MoveNext();
        var entries = new List<YamlEntry>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        while (!parser.Accept<MappingEnd>(out _))
        {
            var key = ReadNode(depth + 1, path);
            var value = ReadNode(depth + 1, key is YamlScalar named ? Join(path, named.Value) : path);
            switch (key)
            {
                case YamlBroken:
                    break;
                case YamlScalar k when seen.TryGetValue(k.Value, out var first):
                    errors.Add(k.Start, Join(path, k.Value), $"duplicate key (first at {Where(first.Start, k.Start)})");
                    break;
                case YamlScalar k:
                    seen.Add(k.Value, k);
                    entries.Add(new YamlEntry(k, value));
                    break;
                default:
                    errors.Add(key.Start, path, "a mapping key must be a plain name, not a list or mapping");
                    break;
            }
        }
        parser.MoveNext();
        return new YamlMapping(start, entries);
    }

    /// <summary>Reports a node we do not read and skips all its events, without recursion.</summary>
    private YamlBroken Unsupported(TextPosition at, string path, string message)
    {
        errors.Add(at, path, message);
        var open = 0;
        do
        {
            open += parser.Current switch { SequenceStart or MappingStart => 1, SequenceEnd or MappingEnd => -1, _ => 0 };
            if (!parser.MoveNext()) throw new YamlException("unexpected end of the YAML stream");
        }
        while (open > 0);
        return new YamlBroken(at);
    }

    private void Expect<T>() where T : ParsingEvent
    {
        if (parser.Current is null) parser.MoveNext();
        if (parser.Current is not T)
        {
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(at, at, $"expected {typeof(T).Name}, got {parser.Current?.GetType().Name ?? "end of file"}");
        }
        parser.MoveNext();
    }

    private static string Join(string path, string key) =>
        path.Length == 0 ? ValueReader.Shorten(key) : $"{path}.{ValueReader.Shorten(key)}";

    /// <summary>"line 3", or "line 3, column 9" when the repeat is on the same line.</summary>
    public static string Where(TextPosition first, TextPosition repeat) =>
        first.Line == repeat.Line ? $"line {first.Line}, column {first.Column}" : $"line {first.Line}";

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private sealed class TooManyNodesException(TextPosition at) : Exception
    {
        public TextPosition At { get; } = at;
    }

    private sealed class TooDeepException(TextPosition at, string path) : Exception
    {
        public TextPosition At { get; } = at;

        public string Path { get; } = path;
    }
}
