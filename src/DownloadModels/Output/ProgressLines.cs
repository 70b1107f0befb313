using System.Globalization;
using DownloadModels.Engine;
using DownloadModels.Repos;
using DownloadModels.Transfer;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// The wording of the permanent lines, shared by every reporter so a log from CI reads the same as
/// what scrolled past on a terminal.
/// </summary>
internal static class ProgressLines
{
    private const string FileIndent = "  ";

    /// <summary><c>[stt] Systran/faster-whisper-tiny @ main (d90ca5f): 5 files, 75.6 MB; 0 B cached, 75.6 MB to fetch</c></summary>
    public static string Planned(ModelPlan plan) =>
        $"{Prefix(plan.Request.Label)}{plan.Request.Repo.Id} @ {plan.Request.Revision} ({RevisionName.ShortCommit(plan.Commit)}): " +
        $"{Files(plan.Files.Count)}, {ByteSize.Format(plan.TotalBytes)}; " +
        $"{ByteSize.Format(plan.CachedBytes)} cached, {ByteSize.Format(plan.BytesToFetch)} to fetch";

    /// <summary><c>[stt]   model.bin 75.5 MB in 3.1 s (24.3 MB/s)</c>, with a resumed prefix or retries when there were any.</summary>
    public static string FileFinished(FileProgress file, BlobResult result, TimeSpan elapsed)
    {
        var head = $"{Prefix(file.Model)}{FileIndent}{file.Path} {ByteSize.Format(file.Total)}";
        if (result.WasCached)
            return head + " (already in the cache: written meanwhile by another download of the same content)";

        var details = new List<string>(3);
        if (elapsed > TimeSpan.Zero)
            details.Add(ByteSize.FormatRate(result.BytesFetched / elapsed.TotalSeconds));
        if (result.BytesResumed > 0)
            details.Add("resumed from " + ByteSize.Format(result.BytesResumed));
        if (result.Retries > 0)
            details.Add(result.Retries == 1 ? "1 retry" : result.Retries.ToString(CultureInfo.InvariantCulture) + " retries");

        var line = $"{head} in {Durations.Format(elapsed)}";
        return details.Count == 0 ? line : $"{line} ({string.Join(", ", details)})";
    }

    /// <summary><c>[stt] error: …</c></summary>
    public static string FileFailed(FileProgress file, string error) => $"{Prefix(file.Model)}error: {error}";

    /// <summary>
    /// The model's summary: one <c>done:</c> line, or a <c>FAILED:</c> line with the first error and one
    /// indented line per further error. <paramref name="totalBytes"/> is the plan's size when known.
    /// </summary>
    public static IReadOnlyList<string> ModelFinished(ModelResult result, long? totalBytes)
    {
        var prefix = Prefix(result.Request.Label);
        if (result.Succeeded)
        {
            // A resumed file counts only its new bytes as fetched; the plan's size is the true total.
            var total = totalBytes ?? result.BytesFetched + result.BytesCached;
            return [$"{prefix}done: {Files(result.Files)}, {ByteSize.Format(total)} " +
                $"({result.FilesCached.ToString(CultureInfo.InvariantCulture)} cached, {ByteSize.Format(result.BytesFetched)} fetched) " +
                $"in {Durations.Format(result.Elapsed)}"];
        }

        return [$"{prefix}FAILED: {result.Errors[0]}", .. result.Errors.Skip(1).Select(e => $"{prefix}{FileIndent}{e}")];
    }

    /// <summary><c>45.2 MB of 120 MB (37%), 12.3 MB/s, ETA 6 s</c>: the run's progress over every active and finished file.</summary>
    public static string Aggregate(TallySnapshot snapshot)
    {
        var text = $"{ByteSize.Format(snapshot.Done)} of {ByteSize.Format(snapshot.Expected)}";
        if (snapshot.Expected > 0)
            text += string.Create(CultureInfo.InvariantCulture, $" ({Percent(snapshot.Done, snapshot.Expected)}%)");
        text += ", " + ByteSize.FormatRate(snapshot.BytesPerSecond);
        if (snapshot.BytesPerSecond > 0 && snapshot.Expected > snapshot.Done)
            text += ", ETA " + Durations.FormatEta(TimeSpan.FromSeconds((snapshot.Expected - snapshot.Done) / snapshot.BytesPerSecond));
        return text;
    }

    /// <summary>A whole percentage that reaches 100 only when everything is there.</summary>
    public static int Percent(long done, long total) =>
        total <= 0 || done >= total ? 100 : (int)Math.Max(0, Math.Min(99, done * 100.0 / total));

    /// <summary>
    /// Text from elsewhere (a server's error body, a path) made safe to print: Windows line ends become
    /// "\n", tabs stay, and other control characters become '?', so no stray "\r" or escape sequence reaches a log or
    /// scrambles the terminal's live block.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
            return text;
        return string.Concat(text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Select(c => c is '\n' or '\t' || !char.IsControl(c) ? c : '?'));
    }

    public static string Prefix(string label) => $"[{label}] ";


    public static string Files(int count) =>
        count == 1 ? "1 file" : count.ToString(CultureInfo.InvariantCulture) + " files";
}
