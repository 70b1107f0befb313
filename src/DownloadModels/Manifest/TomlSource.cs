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
        var document = SyntaxParser.Parse(text, fileName, true);
        var source = new TomlSource(fileName, document);
        foreach (var diagnostic in document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error))
            source._errors.Add($"{fileName}:{diagnostic.Span.Start.Line + 1}: {diagnostic.Message}");
        source.ThrowIfErrors();
        return source;
    }

    public void Error(int line, string message) => _errors.Add(line > 0 ? $"{FileName}:{line}: {message}" : $"{FileName}: {message}");

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
