using System.Globalization;
using System.Text;

namespace DecoderHw.Weights;

/// <summary>Parses the Python literal that is a .npy header: dicts, tuples, lists, strings, integers,
/// True/False/None. Values come back as Dictionary&lt;string, object?&gt;, List&lt;object?&gt;, string,
/// long, bool or null. Anything else is a <see cref="FormatException"/>.</summary>
internal sealed class PythonLiteral
{
    private readonly string _text;
    private int _pos;

    private PythonLiteral(string text) => _text = text;

    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        var value = parser.Value();
        parser.SkipSpace();
        if (parser._pos != text.Length) throw parser.Error("unexpected text after the value");
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("unexpected end");
        char c = _text[_pos];
        return c switch
        {
            '{' => Dict(),
            '(' => Sequence(')'),
            '[' => Sequence(']'),
            '\'' or '"' => String(),
            _ when c == '-' || char.IsAsciiDigit(c) => Integer(),
            _ => Word(),
        };
    }

    private Dictionary<string, object?> Dict()
    {
        _pos++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Take('}')) return dict;
            SkipSpace();
            if (_pos >= _text.Length || _text[_pos] is not ('\'' or '"')) throw Error("expected a string key");
            string key = String();
            SkipSpace();
            if (!Take(':')) throw Error("expected ':'");
            if (!dict.TryAdd(key, Value())) throw Error($"key '{key}' twice");
            SkipSpace();
            if (Take('}')) return dict;
            if (!Take(',')) throw Error("expected ',' or '}'");
        }
    }

    private List<object?> Sequence(char close)
    {
        _pos++;
        var items = new List<object?>();
        while (true)
        {
            SkipSpace();
            if (Take(close)) return items;
            items.Add(Value());
            SkipSpace();
            if (Take(close)) return items;
            if (!Take(',')) throw Error($"expected ',' or '{close}'");
        }
    }

    private string String()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            // numpy's keys and dtype strings never need escapes; a backslash is taken literally but
            // must not hide the closing quote.
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length) sb.Append(_text[_pos++]);
            sb.Append(_text[_pos++]);
        }
        if (!Take(quote)) throw Error("unterminated string");
        return sb.ToString();
    }

    private long Integer()
    {
        int start = _pos;
        if (_text[_pos] == '-') _pos++;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        // numpy 1.x on Windows wrote shapes as "3L"; the suffix carries no meaning.
        int end = _pos;
        if (_pos < _text.Length && _text[_pos] == 'L') _pos++;
        if (!long.TryParse(_text.AsSpan(start, end - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw Error("bad integer");
        return v;
    }

    private object? Word()
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiLetter(_text[_pos])) _pos++;
        return _text[start.._pos] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var w => throw Error(w.Length == 0 ? $"unexpected '{_text[start]}'" : $"unexpected '{w}'"),
        };
    }

    private bool Take(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private FormatException Error(string message) => new($"{message} at character {_pos}");
}
