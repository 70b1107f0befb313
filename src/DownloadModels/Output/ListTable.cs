using System.Globalization;
using DownloadModels.Inspection;
using DownloadModels.Repos;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// `list` for people: one row per snapshot (the repo named on its first row), columns aligned, each
/// repo's partial downloads, issues and shared bytes beneath it, then a total that counts every blob once.
/// </summary>
internal static class ListTable
{
    private static readonly string[] Headings = ["REPO", "TYPE", "REFS", "COMMIT", "FILES", "SIZE", "LAST MODIFIED (UTC)"];

    /// <param name="cacheRepos">With list --filter/--sort/--limit: how many repos the whole cache holds (the footer then counts what is shown).</param>
    public static void Write(TextWriter output, CacheListing listing, int? cacheRepos = null)
    {
        if (cacheRepos is { } all && listing.Repos.Count == 0)
        {
            Emit(output, [$"No repo of the {Plural(all, "repo")} in the cache matches."]);
            return;
        }

        if (!listing.Exists || (listing.Repos.Count == 0 && listing.Issues.Count == 0))
        {
            Emit(output, [listing.Exists ? $"The cache at {listing.CacheDir} holds no repos." : $"No cache at {listing.CacheDir} yet: nothing has been downloaded there."]);
            return;
        }

        var rows = new List<string[]> { Headings };
        var notes = new Dictionary<int, List<string>>();
        var files = new Dictionary<int, List<string>>();
        foreach (var repo in listing.Repos)
        {
            var first = true;
            foreach (var snapshot in repo.Snapshots.DefaultIfEmpty())
            {
                rows.Add(
                [
                    first ? repo.RepoId : "", first ? repo.RepoType : "",
                    snapshot is null ? "-" : snapshot.Refs.Count == 0 ? "-" : string.Join(",", snapshot.Refs),
                    snapshot is null ? "(none)" : RevisionName.ShortCommit(snapshot.Commit),
                    Count(snapshot?.Files ?? 0), ByteSize.Format(snapshot?.SizeOnDisk ?? 0), Time(snapshot?.LastModified),
                ]);
                first = false;
                if (snapshot?.FileList is { } list)
                    files[rows.Count - 1] = [.. FileLines(list)];
            }

            notes[rows.Count - 1] = [.. Notes(repo)];
        }

        var widths = Enumerable.Range(0, Headings.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var lines = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            lines.Add(string.Join("  ", rows[i].Select((cell, c) => c is 4 or 5 && i > 0 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
            if (files.TryGetValue(i, out var fileLines))
                lines.AddRange(fileLines);
            if (notes.TryGetValue(i, out var repoNotes))
                lines.AddRange(repoNotes);
        }

        lines.AddRange(listing.Issues.Select(i => "! " + Describe(i)));
        if (listing.SharedBlobStore is { } store)
            lines.Add($"Shared blob store ({store.Folder}/, huggingface_hub's): {Plural((int)Math.Min(store.Files, int.MaxValue), "file")}, {ByteSize.Format(store.SizeOnDisk)}; repos link to it from their blobs/.");
        if (listing.BytesShared > 0)
            lines.Add($"Shared: {ByteSize.Format(listing.BytesShared)} of {(cacheRepos is null ? "the" : "the whole")} cache's Xet files are chunks another file here also holds " +
                "(a new revision or a sibling repo copies them instead of fetching).");
        var revisions = listing.Repos.Sum(r => r.Snapshots.Count);
        lines.Add("");
        lines.Add(cacheRepos is { } total
            ? $"{listing.Repos.Count} of {Plural(total, "repo")} shown, {Plural(revisions, "revision")}, {ByteSize.Format(listing.Repos.Sum(r => r.SizeOnDisk))} on disk; the whole cache: {ByteSize.Format(listing.SizeOnDisk)}."
            : $"{Plural(listing.Repos.Count, "repo")}, {Plural(revisions, "revision")}, {ByteSize.Format(listing.SizeOnDisk)} on disk (each blob counted once).");
        Emit(output, lines);
    }

    /// <summary>list --files: each file of a snapshot, its size aligned, "(missing)" for a dangling link.</summary>
    private static IEnumerable<string> FileLines(IReadOnlyList<SnapshotFile> files)
    {
        var width = files.Count == 0 ? 0 : files.Max(f => f.Path.Length);
        return files.Select(f => $"    {f.Path.PadRight(width)}  {(f.Size is { } size ? ByteSize.Format(size) : "(missing)")}");
    }

    private static IEnumerable<string> Notes(RepoListing repo)
    {
        foreach (var partial in repo.PartialFiles)
            yield return $"  ! partial download: blobs/{partial.Blob}.incomplete ({ByteSize.Format(partial.Size)}); the next run resumes it";
        foreach (var issue in repo.Issues)
            yield return "  ! " + Describe(issue);
        if (repo.BytesShared > 0)
            yield return $"  shared: {ByteSize.Format(repo.BytesShared)} of its Xet files are chunks another file in the cache also holds";
    }

    /// <summary>The path (snapshot commits shortened) then the detail, unless the detail already names the path.</summary>
    private static string Describe(CacheIssue issue)
    {
        if (issue.Detail.StartsWith(issue.Path, StringComparison.Ordinal))
            return issue.Detail;
        var parts = issue.Path.Split('/');
        if (parts.Length > 1 && parts[0] == "snapshots")
            parts[1] = RevisionName.ShortCommit(parts[1]);
        return $"{string.Join('/', parts)}: {issue.Detail}";
    }

    private static string Time(string? iso) => iso is null ? "-" : iso.Replace('T', ' ')[..16];

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string word) => $"{Count(count)} {word}{(count == 1 ? "" : "s")}";

    private static void Emit(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines)
            output.Write(ProgressLines.Printable(line) + "\n");
        output.Flush();
    }
}
