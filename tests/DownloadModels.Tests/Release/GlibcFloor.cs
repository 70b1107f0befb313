using System.Text.RegularExpressions;

namespace DownloadModels.Tests.Release;

/// <summary>
/// The newest glibc symbol version a binary asks for is the oldest glibc that runs it. The README states
/// that floor ("glibc 2.34 or newer"); the tests read it from there, so the document and the binary agree.
/// </summary>
internal static partial class GlibcFloor
{
    public static Version Documented()
    {
        var readme = File.ReadAllText(System.IO.Path.Combine(RepoRoot.Path, "README.md"));
        var match = DocumentedFloor().Match(readme);
        return match.Success ? Version.Parse(match.Groups["v"].Value) : throw new InvalidOperationException("README.md states no glibc floor (\"glibc X.Y or newer\")");
    }

    /// <summary>The highest GLIBC_x.y among the binary's dynamic symbols, read with an objdump for its architecture.</summary>
    public static async Task<Version> RequiredByAsync(string objdump, string binary)
    {
        var dump = await Command.RunAsync(objdump, ["-T", binary]);
        if (dump.ExitCode != 0)
            throw new InvalidOperationException($"{objdump} -T {binary}: {dump}");
        return SymbolVersion().Matches(dump.StdOut).Select(m => Version.Parse(m.Groups["v"].Value)).Max()
            ?? throw new InvalidOperationException($"no GLIBC_ symbol versions in {binary}");
    }

    [GeneratedRegex(@"glibc (?<v>\d+\.\d+) or newer")]
    private static partial Regex DocumentedFloor();

    [GeneratedRegex(@"\bGLIBC_(?<v>\d+\.\d+(?:\.\d+)?)\b")]
    private static partial Regex SymbolVersion();
}
