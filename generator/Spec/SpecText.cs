using System.Buffers;
using System.Text.Unicode;
using DecoderHw.Spec.Yaml;

namespace DecoderHw.Spec;

/// <summary>Spec bytes to text. Strict UTF-8: a bad byte is an error at its line and column, never
/// silently replaced (a replaced byte inside a name would surface later as a puzzling mismatch).</summary>
internal static class SpecText
{
    public static string? Decode(ReadOnlySpan<byte> bytes, SpecErrorSink errors)
    {
        var bom = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        bytes = bytes[bom..];
        var chars = new char[bytes.Length];
        // Utf8.ToUtf16 rather than a throwing UTF8Encoding: it stops at the first bad byte and says
        // exactly where, while DecoderFallbackException.Index is relative to an internal buffer.
        var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            // YAML's printable set excludes the C0 and C1 controls (tab and line breaks aside); the
            // parser would drop a NUL silently, so a file truncated or glued by a tool reads as valid.
            var text = chars.AsSpan(0, charsWritten);
            for (var i = 0; i < text.Length; i++)
                if (IsForbiddenControl(text[i]))
                {
                    errors.Add(PositionAfter(text[..i]), "", $"control character U+{(int)text[i]:X4} is not allowed in YAML (a binary or damaged file?)");
                    return null;
                }
            return new string(text);
        }

        var at = PositionAfter(chars.AsSpan(0, charsWritten));
        errors.Add(at, "", $"not valid UTF-8: byte 0x{bytes[bytesRead]:X2} at byte offset {bom + bytesRead}");
        return null;
    }

    private static bool IsForbiddenControl(char c) =>
        (c < 0x20 && c is not ('\t' or '\n' or '\r')) || (c >= 0x7F && c <= 0x9F && c != '\u0085');

    /// <summary>The position of the character after <paramref name="text"/>, counted as YamlDotNet
    /// counts (so all positions in one report agree): lines break at \n, \r\n, a lone \r, and YAML
    /// 1.1's U+0085, U+2028 and U+2029; columns are UTF-16 units.</summary>
    private static TextPosition PositionAfter(ReadOnlySpan<char> text)
    {
        int line = 1, column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var lineBreak = text[i] is '\n' or '\u0085' or '\u2028' or '\u2029'
                || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'));
            if (lineBreak) { line++; column = 1; }
            else if (text[i] != '\r') column++;
        }
        return new TextPosition(line, column);
    }
}
