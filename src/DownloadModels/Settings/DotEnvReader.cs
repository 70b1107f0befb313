using System.Text;

namespace DownloadModels.Settings;

/// <summary>
/// Cursor over a .env text for <see cref="DotEnvFile"/>; one instance per parse, so no shared state.
/// Expects "\n" line ends. Unquoted and double-quoted values are interpolated with <paramref name="lookup"/>.
/// </summary>
internal sealed class DotEnvReader(string text, Func<string, string?> lookup)
{
    private int _pos;

    public KeyValuePair<string, string>? NextEntry()
    {
        while (_pos < text.Length)
        {
            int lineEnd = LineEnd(_pos);
            string line = text[_pos..lineEnd];
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#' || eq < 0)
            {
                _pos = lineEnd + 1;
                continue;
            }

            string key = line[..eq].Trim();
            if (key.StartsWith("export", StringComparison.Ordinal) && key.Length > 6 && char.IsWhiteSpace(key[6]))
            {
                key = key[6..].TrimStart();
            }

            int start = _pos + eq + 1;
            while (start < lineEnd && text[start] is ' ' or '\t')
            {
                start++;
            }

            var quote = start < lineEnd ? text[start] : '\0';
            string? value = quote is '"' or '\''
                ? ReadQuoted(start)
                : ReadUnquoted(start, lineEnd, precededBySpace: start > _pos + eq + 1);
            if (value is not null && quote != '\'')
                value = DotEnvInterpolation.Expand(value, lookup);
            if (value is null || key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                continue; // _pos already moved past the bad entry.
            }

            return new(key, value);
        }

        return null;
    }

    private int LineEnd(int from)
    {
        int nl = text.IndexOf('\n', from);
        return nl < 0 ? text.Length : nl;
    }

    private string ReadUnquoted(int start, int lineEnd, bool precededBySpace)
    {
        _pos = lineEnd + 1;
        string raw = text[start..lineEnd];
        if (precededBySpace && raw.StartsWith('#'))
        {
            return string.Empty;
        }

        // Compose: a '#' starts a comment only after whitespace ("a#b" keeps the '#').
        for (int i = 1; i < raw.Length; i++)
        {
            if (raw[i] == '#' && raw[i - 1] is ' ' or '\t')
            {
                raw = raw[..i];
                break;
            }
        }

        return raw.TrimEnd();
    }

    // Returns null for an unterminated quote: compose rejects it, we skip just that line.
    private string? ReadQuoted(int start)
    {
        char quote = text[start];
        var value = new StringBuilder();
        for (int i = start + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == quote)
            {
                _pos = LineEnd(i) + 1; // Anything after the closing quote is a comment.
                return value.ToString();
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                char n = text[i + 1];
                string? escaped = n == quote ? quote.ToString()
                    : quote == '\'' ? null
                    : n switch { 'n' => "\n", 'r' => "\r", 't' => "\t", '\\' => "\\", _ => null };
                if (escaped is not null)
                {
                    value.Append(escaped);
                    i++;
                    continue;
                }
            }

            value.Append(c);
        }

        _pos = LineEnd(start) + 1;
        return null;
    }
}
