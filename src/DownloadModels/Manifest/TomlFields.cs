using Tomlyn.Syntax;

namespace DownloadModels.Manifest;

/// <summary>
/// The key/value pairs of one table (a <c>[[model]]</c> entry, the top level, or an inline table), with
/// typed getters that report a wrong type at the key's line. Unknown, dotted and repeated keys are reported
/// when the table is read.
/// </summary>
internal sealed class TomlFields
{
    private readonly TomlSource _source;
    private readonly Dictionary<string, KeyValueSyntax> _values = new(StringComparer.Ordinal);

    public TomlFields(TomlSource source, IEnumerable<KeyValueSyntax> items, int line, string where, IReadOnlyCollection<string> known)
    {
        _source = source;
        Line = line;
        Where = where;
        foreach (var item in items)
        {
            var itemLine = TomlSource.Line(item);
            if (item.Key is not { } key || KeyName(key) is not { } name)
            {
                source.Error(itemLine, $"dotted keys (a.b = ...) are not used {where}: write each key on its own.");
                continue;
            }

            if (!known.Contains(name))
                source.Error(itemLine, known.Count == 0 ? $"unknown key '{TomlSource.Printable(name)}' {where}." : $"unknown key '{TomlSource.Printable(name)}' {where}; the keys are {string.Join(", ", known)}.");
            else if (!_values.TryAdd(name, item))
                source.Error(itemLine, $"'{TomlSource.Printable(name)}' is given twice {where}.");
        }
    }

    /// <summary>The line of the table's header (0 for the top level).</summary>
    public int Line { get; }

    /// <summary>Where these keys are, for messages: "in [[model]]", "at the top of the file".</summary>
    public string Where { get; }

    public bool Has(string key) => _values.ContainsKey(key);

    public int LineOf(string key) => _values.TryGetValue(key, out var item) ? TomlSource.Line(item) : Line;

    public void Error(string key, string message) => _source.Error(LineOf(key), message);

    /// <summary>The key's string value; null when absent or not a string (then reported).</summary>
    public string? String(string key)
    {
        if (!_values.TryGetValue(key, out var item))
            return null;
        if (item.Value is StringValueSyntax { Value: { } text })
            return text;
        Error(key, $"{key} must be a string (got {Describe(item.Value)}).");
        return null;
    }

    /// <summary>The key's integer value; null when absent or not an integer (then reported).</summary>
    public long? Integer(string key)
    {
        if (!_values.TryGetValue(key, out var item))
            return null;
        if (item.Value is IntegerValueSyntax integer)
            return integer.Value;
        Error(key, $"{key} must be an integer (got {Describe(item.Value)}).");
        return null;
    }

    /// <summary>The key's array of strings; null when absent or not such an array (then reported).</summary>
    public IReadOnlyList<string>? Strings(string key)
    {
        if (!_values.TryGetValue(key, out var item))
            return null;
        if (item.Value is not ArraySyntax array)
        {
            Error(key, $"{key} must be an array of strings, e.g. {key} = [\"*.json\"] (got {Describe(item.Value)}).");
            return null;
        }

        var values = new List<string>();
        foreach (var element in array.Items)
        {
            if (element.Value is StringValueSyntax { Value: { } text })
                values.Add(text);
            else
            {
                _source.Error(element.Value is { } v ? TomlSource.Line(v) : LineOf(key), $"{key} must hold only strings (got {Describe(element.Value)}).");
                return null;
            }
        }

        return values;
    }

    /// <summary>The key's array of inline tables, each read with <paramref name="known"/> keys; null when absent or not such an array.</summary>
    public IReadOnlyList<TomlFields>? Tables(string key, IReadOnlyCollection<string> known)
    {
        if (!_values.TryGetValue(key, out var item))
            return null;
        if (item.Value is not ArraySyntax array)
        {
            Error(key, $"{key} must be an array of inline tables (got {Describe(item.Value)}).");
            return null;
        }

        var tables = new List<TomlFields>();
        foreach (var element in array.Items)
        {
            if (element.Value is InlineTableSyntax table)
                tables.Add(new TomlFields(_source, table.Items.Select(i => i.KeyValue).OfType<KeyValueSyntax>(), TomlSource.Line(table), $"in an entry of {key}", known));
            else
            {
                _source.Error(element.Value is { } v ? TomlSource.Line(v) : LineOf(key), $"{key} must hold only inline tables {{ ... }} (got {Describe(element.Value)}).");
                return null;
            }
        }

        return tables;
    }

    /// <summary>A plain or quoted key's name; null for a dotted key.</summary>
    public static string? KeyName(KeySyntax key)
    {
        if (key.DotKeys.ChildrenCount > 0)
            return null;
        return key.Key switch
        {
            BareKeySyntax bare => bare.Key?.Text,
            StringValueSyntax quoted => quoted.Value,
            _ => null,
        };
    }

    private static string Describe(SyntaxNode? value) => value switch
    {
        StringValueSyntax => "a string",
        IntegerValueSyntax => "an integer",
        FloatValueSyntax => "a number",
        BooleanValueSyntax => "a boolean",
        DateTimeValueSyntax => "a date",
        ArraySyntax => "an array",
        InlineTableSyntax => "a table",
        _ => "nothing",
    };
}
