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
        $"{Head(plan.Request, plan.Commit)}: {Files(plan.Files.Count)}, {ByteSize.Format(plan.TotalBytes)}; " +
        $"{ByteSize.Format(plan.CachedBytes)} cached, {ByteSize.Format(plan.BytesToFetch)} to fetch";

    /// <summary>
    /// <c>[stt] Systran/faster-whisper-tiny @ main (d90ca5f)</c>: the label, the repo (left out when the label
    /// is the repo id, as for get), the revision and, once known, the commit.
    /// </summary>
    public static string Head(ModelRequest request, string? commit)
    {
        var repo = request.Label == request.Repo.Id ? "" : request.Repo.Id + " ";
        var pinned = commit is null ? "" : $" ({RevisionName.ShortCommit(commit)})";
        return $"{Prefix(request.Label)}{repo}@ {request.Revision}{pinned}";
    }

    /// <summary><c>[stt]   model.bin 75.5 MB in 3.1 s (24.3 MB/s)</c>, with a resumed prefix or retries when there were any.</summary>
    public static string FileFinished(FileProgress file, BlobResult result, TimeSpan elapsed)
    {
        var head = $"{Prefix(file.Model)}{FileIndent}{file.Path} {ByteSize.Format(file.Total)}";
        if (result.WasCached)
            return head + " (already in the cache: written meanwhile by another download of the same content)";

        var details = new List<string>(4);
        if (result.Transport == BlobTransport.Xet)
            details.Add($"xet, {ByteSize.Format(result.BytesFetched)} over the network"
                + (result.BytesReused > 0 ? $", {ByteSize.Format(result.BytesReused)} reused from the cache" : ""));
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
    /// The model's one summary: <c>… (d90ca5f): done, 5 files, 75.6 MB (4 cached, 75.5 MB fetched) in 3.4 s</c> (with
    /// <c>, 60.2 MB reused</c> after fetched when chunks the cache held were copied),
    /// or <c>… : failed: …</c> with each error not already printed (<paramref name="shown"/>: the file errors
    /// the reporter printed as they happened, which are only counted here, so every error appears once).
    /// </summary>
    public static IReadOnlyList<string> ModelFinished(ModelResult result, IReadOnlySet<string> shown)
    {
        var head = Head(result.Request, result.Commit);
        if (result.Succeeded)
        {
            return [$"{head}: done, {Files(result.Files)}, {ByteSize.Format(result.TotalBytes)} " +
                $"({Count(result.FilesCached)} cached, {ByteSize.Format(result.BytesFetched)} fetched{Reused(result.BytesReused)}) in {Durations.Format(result.Elapsed)}"];
        }

        var unseen = result.Errors.Where(e => !shown.Contains(e)).ToArray();
        var failedFiles = result.FileResults.Count(f => f.Status == FileStatus.Failed && f.Error is not null && shown.Contains(f.Error));
        var counted = failedFiles == 0 ? null
            : $"{(failedFiles == 1 ? "1 file" : Count(failedFiles) + " files")} of {Count(result.Files)} failed (above)";
        if (unseen.Length == 0)
            return [$"{head}: failed: {counted ?? "see above"}"];
        var first = counted is null ? unseen[0] : $"{counted}; {unseen[0]}";
        return [$"{head}: failed: {first}", .. unseen.Skip(1).Select(e => $"{Prefix(result.Request.Label)}{FileIndent}{e}")];
    }

    /// <summary>A model the run stopped in the middle of (Ctrl+C, SIGTERM): how far it got; its partial files are kept.</summary>
    public static string Stopped(ModelTally model) =>
        $"{Head(model.Request, model.Plan.Commit)}: stopped with {Count(model.FilesDone)} of {Files(model.Plan.Files.Count)} in place";

    /// <summary>
    /// <c>45.2 MB of 120 MB (37%), 30.1 MB reused, 12.3 MB/s, ETA 6 s</c>: the run's progress over every active and
    /// finished file; the bytes copied from chunks the cache held are said when there are any.
    /// </summary>
    public static string Aggregate(TallySnapshot snapshot)
    {
        var text = $"{ByteSize.Format(snapshot.Done)} of {ByteSize.Format(snapshot.Expected)}";
        if (snapshot.Expected > 0)
            text += string.Create(CultureInfo.InvariantCulture, $" ({Percent(snapshot.Done, snapshot.Expected)}%)");
        if (snapshot.Reused > 0)
            text += $", {ByteSize.Format(snapshot.Reused)} reused";
        text += ", " + ByteSize.FormatRate(snapshot.BytesPerSecond);
        if (Eta(snapshot) is { } eta)
            text += ", ETA " + eta;
        return text;
    }

    /// <summary>
    /// The time left: what remains at the current speed, but never less than the slowest active file needs
    /// at its own pace; null while there is no speed to go by.
    /// </summary>
    public static string? Eta(TallySnapshot snapshot) =>
        snapshot.BytesPerSecond > 0 && snapshot.Expected > snapshot.Done
            ? Durations.FormatEta(TimeSpan.FromSeconds(Math.Max((snapshot.Expected - snapshot.Done) / snapshot.BytesPerSecond, snapshot.TailSeconds)))
            : null;

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

    /// <summary><c>, 60.2 MB reused</c> after the bytes fetched when chunks the cache held were copied; empty otherwise.</summary>
    public static string Reused(long bytes) => bytes > 0 ? $", {ByteSize.Format(bytes)} reused" : "";

    public static string Files(int count) =>
        count == 1 ? "1 file" : Count(count) + " files";

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
