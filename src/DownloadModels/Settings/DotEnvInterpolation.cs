using System.Text;
using DownloadModels.Contract;

namespace DownloadModels.Settings;

/// <summary>
/// docker compose's variable interpolation in a .env value (unquoted or double-quoted; single quotes stay
/// literal): <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c> (unset or empty), <c>${VAR-default}</c>
/// (unset), <c>${VAR:+alt}</c>, <c>${VAR+alt}</c>, <c>${VAR:?error}</c>, <c>${VAR?error}</c>, and
/// <c>$$</c> for a literal <c>$</c>. An unset variable is empty; defaults may hold variables themselves.
/// Bounded, so a small hostile file cannot take gigabytes or minutes: <c>${…}</c> nests at most
/// <see cref="MaxNesting"/> deep and a value expands to at most <see cref="MaxExpandedChars"/> characters;
/// beyond either, a <see cref="UsageException"/> names the limit.
/// </summary>
internal static class DotEnvInterpolation
{
    public const int MaxNesting = 32;
    public const int MaxExpandedChars = 64 * 1024;

    /// <summary>The expanded value, or null when a <c>?</c> form finds its variable missing (compose refuses the file; we skip the entry).</summary>
    public static string? Expand(string text, Func<string, string?> lookup) => Expand(text, lookup, 0);

    private static string? Expand(string text, Func<string, string?> lookup, int depth)
    {
        if (depth > MaxNesting)
            throw new UsageException($".env: a value nests ${{…}} more than {MaxNesting} deep; simplify it.");
        var result = new StringBuilder(Math.Min(text.Length, MaxExpandedChars));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i++;
            }
            else if (next == '{')
            {
                var close = MatchingBrace(text, i + 1);
                if (close < 0)
                {
                    result.Append(text, i, text.Length - i); // "${" never closed: kept as written
                    break;
                }

                if (Braced(text[(i + 2)..close], lookup, depth) is not { } value)
                    return null;
                Append(result, value);
                i = close;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                    end++;
                Append(result, lookup(text[(i + 1)..end]) ?? "");
                i = end - 1;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static void Append(StringBuilder result, string value)
    {
        if (result.Length + value.Length > MaxExpandedChars)
            throw new UsageException($".env: a value expands to more than {MaxExpandedChars / 1024} KiB of text; no real setting is that long.");
        result.Append(value);
    }

    /// <summary>The inside of <c>${…}</c>: a name, then optionally an operator and a word.</summary>
    private static string? Braced(string inside, Func<string, string?> lookup, int depth)
    {
        var end = 0;
        while (end < inside.Length && IsNamePart(inside[end]))
            end++;
        var name = inside[..end];
        var rest = inside[end..];
        var value = lookup(name);
        var colon = rest.StartsWith(':');
        var op = colon ? rest[1..] : rest;
        if (op.Length == 0)
            return colon ? null : value ?? "";
        var missing = colon ? string.IsNullOrEmpty(value) : value is null;
        var word = op[1..];
        return op[0] switch
        {
            '-' => missing ? Expand(word, lookup, depth + 1) : value,
            '+' => missing ? "" : Expand(word, lookup, depth + 1),
            '?' => missing ? null : value,
            _ => value ?? "",
        };
    }

    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
                depth++;
            else if (text[i] == '}' && --depth == 0)
                return i;
        }

        return -1;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNamePart(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
