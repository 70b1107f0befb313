using System.Text.RegularExpressions;

namespace DownloadModels.Tests.Architecture;

/// <summary>
/// The source side of "no runtime resource key or .NET type name in any message": the binary is built with
/// UseSystemResourceKeys, so a runtime exception's Message is a resource key. Every `.Message` the product
/// reads must belong to one of our own exceptions (written for people) — named on the line or in the catch
/// just above it — or go through Errors/SystemErrors; no message prints a type's name. (The published binary
/// is scanned for the same things, scenario by scenario, in EndToEnd/MessageScanTests.)
/// </summary>
public sealed partial class MessageSourceTests
{
    /// <summary>Exceptions whose messages are ours (or, for zstd, the library's own English text).</summary>
    private static readonly string[] OwnExceptions =
    [
        "CommandException", "UsageException", "HubException", "BundleException", "MirrorException", "OfflineException", "FileVerificationException",
        "EmptySelectionException", "CertificateStoreException", "CacheUnreadableException", "ZstdException",
        "TomlFileException", "PinMismatchException", "OciException", "OutputFileException", "XetUnavailableException", "XetDataException", "XetHashMismatchException",
    ];

    [Test]
    public async Task Sources_ExceptionMessage_OnlyOfOurOwnExceptions()
    {
        var violations = new List<string>();
        foreach (var (file, lines) in Sources())
        {
            if (file.StartsWith("Errors/", StringComparison.Ordinal))
                continue; // SystemErrors reads only the path out of a message, never its words
            for (var i = 0; i < lines.Length; i++)
            {
                if (!MessageRead().IsMatch(lines[i]))
                    continue;
                var context = string.Join("\n", lines[Math.Max(0, i - 4)..(i + 1)]);
                if (!OwnExceptions.Any(context.Contains) && !IsParseError(file, lines[i]))
                    violations.Add($"{file}:{i + 1}: {lines[i].Trim()}");
            }
        }

        await Assert.That(violations).IsEmpty();
    }

    [Test]
    public async Task Sources_TypeNames_NeverPrinted()
    {
        var violations = Sources().SelectMany(s => s.Lines.Select((line, i) => (s.File, Line: line, Number: i + 1)))
            .Where(x => TypeNameRead().IsMatch(x.Line))
            .Select(x => $"{x.File}:{x.Number}: {x.Line.Trim()}").ToArray();

        await Assert.That(violations).IsEmpty();
    }

    /// <summary>ParseErrors passes our validators' messages on (System.CommandLine's own wording is replaced before); TomlSource passes Tomlyn's syntax diagnostics on.</summary>
    private static bool IsParseError(string file, string line) =>
        (file == "Commands/ParseErrors.cs" && line.Contains("parse.Errors[0].Message", StringComparison.Ordinal))
        || (file == "Manifest/TomlSource.cs" && line.Contains("diagnostic.Message", StringComparison.Ordinal)); // Tomlyn's own English text, not an exception

    private static IEnumerable<(string File, string[] Lines)> Sources()
    {
        var src = Path.Combine(RepoRoot.Path, "src", "DownloadModels");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(src, f), File.ReadAllLines(f)));
    }

    [GeneratedRegex(@"\.Message\b")]
    private static partial Regex MessageRead();

    [GeneratedRegex(@"GetType\(\)\.(Name|FullName)|nameof\(\w+Exception\)|typeof\(\w+\)\.Name")]
    private static partial Regex TypeNameRead();
}
