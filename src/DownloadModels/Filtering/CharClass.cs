namespace DownloadModels.Filtering;

/// <summary>
/// One <c>[...]</c> bracket expression as Python's <c>fnmatch.translate</c> reads it, evaluated directly
/// instead of through a regex.
/// </summary>
internal static class CharClass
{
    /// <summary>
    /// Parses the bracket expression opening at <paramref name="start"/> and tests <paramref name="c"/>.
    /// Returns false when the <c>[</c> has no closing <c>]</c>: fnmatch then treats it as a literal.
    /// </summary>
    public static bool TryMatch(string pattern, int start, char c, out bool matched, out int next)
    {
        int i = start + 1;
        bool negated = i < pattern.Length && pattern[i] == '!';
        if (negated)
        {
            i++;
        }

        int first = i;
        // A ']' right after '[' or '[!' is a member, not the end.
        int close = first < pattern.Length && pattern[first] == ']' ? first + 1 : first;
        close = close < pattern.Length ? pattern.IndexOf(']', close) : -1;
        if (close < 0)
        {
            matched = false;
            next = start;
            return false;
        }

        next = close + 1;
        matched = ContainsChar(pattern, first, close, c) != negated;
        return true;
    }

    // Members left to right: "x-y" is a range unless the '-' is the last member; a reversed range matches
    // nothing (fnmatch drops it), and a '-' first, last or right after a range is literal.
    private static bool ContainsChar(string pattern, int from, int to, char c)
    {
        int i = from;
        while (i < to)
        {
            char lo = pattern[i];
            if (i + 2 < to && pattern[i + 1] == '-')
            {
                char hi = pattern[i + 2];
                if (lo <= c && c <= hi)
                {
                    return true;
                }

                i += 3;
                continue;
            }

            if (lo == c)
            {
                return true;
            }

            i++;
        }

        return false;
    }
}
