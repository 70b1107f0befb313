using DownloadModels.Bundle;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>What unpack did per repo (added, already there, the ref) and in total; failures go to stderr.</summary>
internal static class UnpackReport
{
    public static void Write(TextWriter? output, TextWriter error, IReadOnlyList<RepoMergeResult> results, bool dryRun, long bytesRead, TimeSpan elapsed)
    {
        foreach (var result in results)
        {
            var repo = result.Repo;
            if (!result.Succeeded)
            {
                error.WriteLine($"[{repo.Repo}] not unpacked: {result.Error}");
                continue;
            }

            var refChange = result.RefChange.Length > 0 ? "; " + result.RefChange : "";
            output?.WriteLine(
                $"  {repo.Repo}@{repo.Revision} {repo.ShortCommit}: {repo.Files.Count} files; {(dryRun ? "would add" : "added")} {result.BlobsAdded} blobs " +
                $"({ByteSize.Format(result.BytesAdded)}), {result.BlobsPresent} already there ({ByteSize.Format(result.BytesPresent)}){refChange}");
        }

        var ok = results.Where(r => r.Succeeded).ToArray();
        var failed = results.Count - ok.Length;
        output?.WriteLine(
            $"{(dryRun ? "Checked" : "Unpacked")} {ok.Length} of {results.Count} repo(s): {(dryRun ? "would add" : "added")} {ok.Sum(r => r.BlobsAdded)} blobs " +
            $"({ByteSize.Format(ok.Sum(r => r.BytesAdded))}), {ok.Sum(r => r.BlobsPresent)} already there ({ByteSize.Format(ok.Sum(r => r.BytesPresent))}); " +
            $"{ByteSize.Format(bytesRead)} verified in {Durations.Format(elapsed)}, {ByteSize.FormatRate(bytesRead / Math.Max(elapsed.TotalSeconds, 1e-3))}" +
            (failed > 0 ? $"; {failed} failed" : ""));
    }
}
