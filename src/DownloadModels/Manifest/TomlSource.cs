using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace DownloadModels.Manifest;

/// <summary>
/// One TOML file of ours (the manifest, the lock) read through Tomlyn's syntax tree rather than mapped onto
/// objects: the tree keeps every key's line, so each error names it, and a key this tool does not know is an
/// error instead of being ignored (a typo such as `revison` must not silently fall back to main). The tree
/// needs no reflection, so it is safe under trimming and Native AOT.
/// </summary>
internal sealed class TomlSource
{
    private const int MaxShownChars = 120;
    private const int MaxMessageChars = 2000;
    private readonly List<string> _errors = [];

    private TomlSource(string fileName, DocumentSyntax document)
    {
        FileName = fileName;
        Document = document;
    }

    /// <summary>The name errors are reported under (the file's name as the user knows it).</summary>
    public string FileName { get; }

    public DocumentSyntax Document { get; }

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Parses <paramref name="text"/>; a syntax error is thrown at once, since nothing after it can be trusted.</summary>
    public static TomlSource Parse(string text, string fileName)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, fileName, true);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Tomlyn throws (rather than reporting) on arrays or tables nested past its depth limit.
            throw new TomlFileException(fileName, [$"{fileName}: the file nests arrays or tables too deeply to read (more than 64 levels); no manifest or lock needs that."]);
        }

        var source = new TomlSource(fileName, document);
        foreach (var diagnostic in document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error))
            source._errors.Add(Printable($"{fileName}:{diagnostic.Span.Start.Line + 1}: {diagnostic.Message}", MaxMessageChars));
        source.ThrowIfErrors();
        return source;
    }

    public void Error(int line, string message) => _errors.Add(Printable(line > 0 ? $"{FileName}:{line}: {message}" : $"{FileName}: {message}", MaxMessageChars));

    /// <summary>
    /// Text from the file as a message may show it: control characters (terminal escapes among them) become
    /// '?', and more than <paramref name="max"/> characters are cut, so a hostile key or value can neither
    /// drive the terminal nor flood it.
    /// </summary>
    public static string Printable(string text, int max = MaxShownChars)
    {
        var cut = text.Length > max ? text[..max] + "…" : text;
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
            throw new TomlFileException(FileName, [.. _errors]);
    }

    /// <summary>The 1-based line a node starts on.</summary>
    public static int Line(SyntaxNode node) => node.Span.Start.Line + 1;

    /// <summary>The keys outside any table, checked against <paramref name="known"/>.</summary>
    public TomlFields TopLevel(IReadOnlyCollection<string> known) =>
        new(this, Document.KeyValues, 0, "at the top of the file", known);

    /// <summary>
    /// Every <c>[[name]]</c> entry, in file order, its keys checked against <paramref name="known"/>. Any other
    /// table is an error, so is <c>[name]</c> written with single brackets.
    /// </summary>
    public IReadOnlyList<TomlFields> TableArray(string name, IReadOnlyCollection<string> known)
    {
        var entries = new List<TomlFields>();
        foreach (var table in Document.Tables)
        {
            var line = Line(table);
            var tableName = table.Name is { } key ? TomlFields.KeyName(key) : null;
            if (table is TableArraySyntax && tableName == name)
                entries.Add(new TomlFields(this, table.Items, line, $"in [[{name}]]", known));
            else if (tableName == name)
                Error(line, $"write [[{name}]] with double brackets: each entry is one element of the array of {name} entries.");
            else
                Error(line, $"unknown table '{table.Name?.ToString().Trim()}': this file has only [[{name}]] entries.");
        }

        return entries;
    }
}
