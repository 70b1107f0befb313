using System.Globalization;
using System.Text.RegularExpressions;

namespace DownloadModels.Inspection;

/// <summary>
/// One <c>list --filter</c> expression, in <c>hf cache ls</c>'s grammar: <c>KEY OP VALUE</c> with KEY one of
/// <c>size</c> (bytes, or 500MB, 1GB: decimal units as huggingface_hub's), <c>accessed</c> and <c>modified</c>
/// (an age: 30s, 10m, 2h, 7d, 4w, 6mo, 1y; <c>accessed&gt;7d</c> = not read for more than a week), <c>type</c>
/// (model, dataset, space) and <c>refs</c> (a ref the repo has, e.g. main); OP one of = != &gt; &lt; &gt;= &lt;=
/// (type and refs take = only). A repo without the time a filter asks about does not match it.
/// </summary>
internal sealed partial class ListFilter
{
    private static readonly (string Unit, long Factor)[] SizeUnits =
        [("kb", 1_000), ("k", 1_000), ("mb", 1_000_000), ("m", 1_000_000), ("gb", 1_000_000_000), ("g", 1_000_000_000),
         ("tb", 1_000_000_000_000), ("t", 1_000_000_000_000), ("pb", 1_000_000_000_000_000), ("p", 1_000_000_000_000_000)];

    private static readonly (string Unit, long Seconds)[] AgeUnits =
        [("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800), ("mo", 2_592_000), ("y", 31_536_000)];

    private readonly string _key;
    private readonly string _op;
    private readonly long _number;
    private readonly string _text;

    private ListFilter(string key, string op, long number, string text) => (_key, _op, _number, _text) = (key, op, number, text);

    public static readonly string[] Keys = ["accessed", "modified", "refs", "size", "type"];

    /// <summary>The filter, or null and a line that says what is wrong and what is accepted.</summary>
    public static ListFilter? Parse(string expression, out string? error)
    {
        error = null;
        var match = Expression().Match(expression.Trim());
        if (!match.Success)
        {
            error = $"--filter '{expression}' is not KEY OP VALUE: e.g. 'size>1GB', 'accessed>7d', 'type=model', 'refs=main'.";
            return null;
        }

        var (key, op, value) = (match.Groups["key"].Value.ToLowerInvariant(), match.Groups["op"].Value, match.Groups["value"].Value.Trim());
        op = op == "==" ? "=" : op;
        switch (key)
        {
            case "size":
                return Number(value, SizeUnits) is { } bytes ? new(key, op, bytes, "")
                    : Fail($"--filter '{expression}': '{value}' is not a size (bytes, or a number with k, kb, m, mb, g, gb, t, tb, p, pb).", out error);
            case "accessed" or "modified":
                return Number(value, AgeUnits) is { } seconds ? new(key, op, seconds, "")
                    : Fail($"--filter '{expression}': '{value}' is not an age (seconds, or a number with s, m, h, d, w, mo, y).", out error);
            case "type" or "refs":
                return op == "=" ? new(key, op, 0, value.ToLowerInvariant())
                    : Fail($"--filter '{expression}': {key} takes only '=' (e.g. {key}={(key == "type" ? "model" : "main")}).", out error);
            default:
                return Fail($"--filter '{expression}': no key '{key}'; use one of {string.Join(", ", Keys)}.", out error);
        }
    }

    /// <summary>True when <paramref name="repo"/> passes; ages are measured from <paramref name="now"/>.</summary>
    public bool Matches(RepoListing repo, DateTime now) => _key switch
    {
        "size" => Compare(repo.SizeOnDisk, _number),
        "accessed" => repo.LastAccessedUtc is { } accessed && Compare((long)(now - accessed).TotalSeconds, _number),
        "modified" => repo.LastModifiedUtc is { } modified && Compare((long)(now - modified).TotalSeconds, _number),
        "type" => string.Equals(repo.RepoType, _text, StringComparison.OrdinalIgnoreCase),
        _ => repo.Refs.Keys.Any(r => string.Equals(r, _text, StringComparison.OrdinalIgnoreCase)),
    };

    private bool Compare(long left, long right) => _op switch
    {
        "=" => left == right,
        "!=" => left != right,
        ">" => left > right,
        "<" => left < right,
        ">=" => left >= right,
        _ => left <= right,
    };

    /// <summary>A plain number, or digits and one of <paramref name="units"/> (case-insensitive).</summary>
    private static long? Number(string value, (string Unit, long Factor)[] units)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
            return plain;
        var match = WithUnit().Match(value);
        if (!match.Success || !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return null;
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        foreach (var (name, factor) in units)
        {
            if (name == unit)
                return n > long.MaxValue / factor ? null : n * factor;
        }

        return null;
    }

    private static ListFilter? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    [GeneratedRegex(@"^(?<key>[a-zA-Z_]+)\s*(?<op>==|!=|>=|<=|>|<|=)\s*(?<value>.+)$")]
    private static partial Regex Expression();

    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[a-zA-Z]+)$")]
    private static partial Regex WithUnit();
}
