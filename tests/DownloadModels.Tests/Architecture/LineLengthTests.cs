namespace DownloadModels.Tests.Architecture;

/// <summary>
/// The line length no analyzer checks (.editorconfig holds the rest of the style): no line of a .cs file under src/ or
/// tests/ is longer than <see cref="Limit"/> characters. The limit is what the code keeps today, long test fixtures
/// and messages included; wrap a longer line (a string splits with +) rather than raise it.
/// </summary>
public sealed class LineLengthTests
{
    private const int Limit = 300;

    [Test]
    public async Task SourceAndTests_EveryLine_WithinTheLimit()
    {
        var files = new[] { "src", "tests" }
            .SelectMany(root => Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, root), "*.cs", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(RepoRoot.Path, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .ToArray();
        var tooLong = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, number: i + 1, line.Length)))
            .Where(x => x.Length > Limit)
            .Select(x => $"{Path.GetRelativePath(RepoRoot.Path, x.file)}:{x.number} has {x.Length} characters")
            .ToArray();

        await Assert.That(tooLong).IsEmpty();
        await Assert.That(files.Length).IsGreaterThan(100).Because("the scan must have found the source files");
    }
}
