namespace DownloadModels.Filtering;

/// <summary>
/// huggingface_hub's <c>filter_repo_objects</c>: a path is kept when it matches an include pattern (or
/// there are none) and no exclude pattern. Matching is <c>fnmatch.fnmatchcase</c>, so a Python user's
/// <c>allow_patterns</c> select exactly the same files here.
/// </summary>
internal sealed class PathFilter
{
    /// <summary>Keeps every path.</summary>
    public static readonly PathFilter All = new([], []);

    private readonly string[] _include;
    private readonly string[] _exclude;

    public PathFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        // Copied so a caller mutating its list later cannot change what this filter selects.
        _include = include.Select(AddWildcardToDirectory).ToArray();
        _exclude = exclude.Select(AddWildcardToDirectory).ToArray();
    }

    public IReadOnlyList<string> Include => _include;

    public IReadOnlyList<string> Exclude => _exclude;

    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_include.Length > 0 && !_include.Any(p => FnMatch(p, path)))
        {
            return false;
        }

        return !_exclude.Any(p => FnMatch(p, path));
    }

    /// <summary>
    /// <c>fnmatch.fnmatchcase</c>: case-sensitive; <c>*</c> matches any run including <c>/</c>; <c>?</c> one
    /// character; <c>[seq]</c> / <c>[!seq]</c> with ranges; an unclosed <c>[</c> is literal; no escapes.
    /// Iterative with backtracking to the last <c>*</c> only, so the worst case is O(pattern × text)
    /// instead of the exponential blowup a backtracking regex can hit.
    /// </summary>
    public static bool FnMatch(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);

        int p = 0, t = 0;
        int starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                char c = pattern[p];
                if (c == '*')
                {
                    // Remember where to resume: the star first matches nothing, then one more char per retry.
                    starP = ++p;
                    starT = t;
                    continue;
                }

                if (c == '?')
                {
                    p++;
                    t++;
                    continue;
                }

                if (c == '[' && CharClass.TryMatch(pattern, p, text[t], out bool matched, out int next))
                {
                    if (matched)
                    {
                        p = next;
                        t++;
                        continue;
                    }
                }
                else if (c == text[t])
                {
                    p++;
                    t++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>A pattern that matches exactly <paramref name="path"/>: its <c>*</c>, <c>?</c> and <c>[</c> each put in a bracket, fnmatch's only escape.</summary>
    public static string Literal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Concat(path.Select(c => c is '*' or '?' or '[' ? $"[{c}]" : c.ToString()));
    }

    // filter_repo_objects appends "*" so that "onnx/" means "everything under onnx/".
    private static string AddWildcardToDirectory(string pattern) =>
        pattern.EndsWith('/') ? pattern + "*" : pattern;
}
