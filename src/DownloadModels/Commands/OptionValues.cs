using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DownloadModels.Commands;

/// <summary>
/// Parsing and checking option values with our own words: a number option says which numbers it takes
/// (never a .NET type name), a choice option says which values it takes and which one was probably meant.
/// </summary>
internal static class OptionValues
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Int(this Option<int> option, int min, int max)
    {
        option.CustomParser = result => ParseInt(result, min, max) ?? 0;
        return option;
    }

    /// <inheritdoc cref="Int(Option{int}, int, int)"/>
    public static Option<int?> Int(this Option<int?> option, int min, int max)
    {
        option.CustomParser = result => ParseInt(result, min, max);
        return option;
    }

    /// <summary>One of <paramref name="values"/> (exactly as written); anything else names them, and the one probably meant.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, IReadOnlyList<string> values)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var typed && !values.Contains(typed, StringComparer.Ordinal))
                result.AddError(NotOneOf(result.Option.Name, typed, values));
        });
        return option;
    }

    /// <summary>
    /// A value that is itself an option ("--cache-dir= --json" hands "--json" to --cache-dir) is refused: it is
    /// almost surely a forgotten value, not a folder or pattern named "--json".
    /// </summary>
    public static Option<T> NoOptionAsValue<T>(this Option<T> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2) is { } token)
                result.AddError($"{result.Option.Name} needs a value, but got the option {token.Value} (write {result.Option.Name}=./{token.Value} for a name that starts with --).");
        });
        return option;
    }

    public static string NotOneOf(string name, string typed, IReadOnlyList<string> values) =>
        Suggestions.Closest(typed, values) is { } closest
            ? $"{name} '{typed}' is not valid: did you mean {closest}? (use one of {string.Join(", ", values)})"
            : $"{name} '{typed}' is not valid: use one of {string.Join(", ", values)}.";

    private static int? ParseInt(ArgumentResult result, int min, int max)
    {
        var name = (result.Parent as OptionResult)?.Option.Name ?? "the value";
        if (result.Tokens.Count == 0)
            return null;
        var text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} must be a whole number between {min} and {max}, not '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            result.AddError($"{name} must be between {min} and {max} (got {value}).");
            return null;
        }

        return value;
    }
}
