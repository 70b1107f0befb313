using System.Globalization;
using DownloadModels.Inspection;
using DownloadModels.Repos;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// verify's words: one header line per repo (ok, or how many problems), one line per problem or note
/// beneath it, and a summary. Quiet runs print only the repos with problems.
/// </summary>
internal static class VerifyReport
{
    private const int WordWidth = 10;

    public static void WriteRepo(TextWriter output, RepoVerification result, bool quiet)
    {
        if (quiet && !result.HasProblems)
            return;
        var lines = new List<string> { Header(result) };
        lines.AddRange(result.Findings.Where(f => f.Kind != FindingKind.Error).Select(f =>
            $"  {f.Word.PadRight(WordWidth)} {(f.Path.Length > 0 ? f.Path + ": " : "")}{f.Detail}"));
        if (!quiet)
            lines.AddRange(result.Target.Notes.Select(n => $"  {"note".PadRight(WordWidth)} {n}"));
        Write(output, lines);
    }

    public static void WriteSummary(TextWriter output, IReadOnlyList<RepoVerification> results, string? hint)
    {
        var broken = results.Count(r => r.HasProblems);
        var hashed = ByteSize.Format(results.Sum(r => r.BytesHashed));
        var files = results.Sum(r => r.Checks.Count);
        var line = results.Count == 0 ? "Nothing to verify."
            : broken == 0 ? $"{Repos(results.Count)} verified: every file intact ({ProgressLines.Files(files)}, {hashed} re-hashed)."
            : $"{Count(broken)} of {Repos(results.Count)} {(broken == 1 ? "has" : "have")} problems ({Count(results.Sum(r => r.ProblemCount))} in all)." + (hint is null ? "" : " " + hint);
        Write(output, [line]);
    }

    public static void WriteLine(TextWriter output, string line) => Write(output, [line]);

    private static string Header(RepoVerification result)
    {
        var request = result.Request;
        var head = $"{ProgressLines.Prefix(request.Label)}{request.Repo.Id} @ {request.Revision}";
        if (result.Findings.FirstOrDefault(f => f.Kind == FindingKind.Error) is { } error)
            return $"{head}: error: {error.Detail}";
        var against = $"{head} ({RevisionName.ShortCommit(result.Target.Commit!)}, against {result.Target.Source})";
        return result.HasProblems
            ? $"{against}: {(result.ProblemCount == 1 ? "1 problem" : Count(result.ProblemCount) + " problems")}"
            : $"{against}: ok, {ProgressLines.Files(result.Checks.Count)}, {ByteSize.Format(result.SelectedBytes)}";
    }

    private static string Repos(int count) => count == 1 ? "1 repo" : Count(count) + " repos";

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static void Write(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines)
            output.Write(ProgressLines.Printable(line) + "\n");
        output.Flush();
    }
}
