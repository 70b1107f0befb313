namespace DownloadModels.Commands;

/// <summary>
/// "Did you mean …?" for a flag, a command or a value typed wrong: the same word in another case first
/// (faster-whisper's names and our flags are case-sensitive), then the one nearest by a typo or two
/// (letters swapped, missing or extra), then the only word it starts.
/// </summary>
internal static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var all = candidates.Distinct(StringComparer.Ordinal).ToArray();
        if (all.FirstOrDefault(c => string.Equals(c, typed, StringComparison.OrdinalIgnoreCase)) is { } sameWord)
            return sameWord;
        var lower = typed.ToLowerInvariant();
        var allowed = Math.Clamp(typed.Length / 4, 1, 3);
        var nearest = all.Select(c => (Candidate: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .Where(x => x.Distance <= allowed).OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal).FirstOrDefault();
        if (nearest.Candidate is not null)
            return nearest.Candidate;
        var started = all.Where(c => lower.Length >= 3 && c.StartsWith(lower, StringComparison.OrdinalIgnoreCase)).ToArray();
        return started.Length == 1 ? started[0] : null;
    }

    /// <summary>Edits between two words (insert, delete, replace, or swap two neighbours).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
