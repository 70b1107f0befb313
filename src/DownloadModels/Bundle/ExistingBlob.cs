using DownloadModels.Cache;
using DownloadModels.Inspection;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// What the target cache already has under a blob's name: nothing, the same content, or something else.
/// A link into the shared blob store is read through: its content counts, the link is never replaced.
/// </summary>
internal static class ExistingBlob
{
    public enum State
    {
        Absent,
        Same,
        Different,
    }

    /// <summary>Hashes an existing blob: a cache is never trusted to hold what its names say.</summary>
    public static async Task<State> CheckAsync(RepoCache repo, RepoFile file, CancellationToken ct)
    {
        if (DiskEntry.Probe(repo.BlobPath(file.Etag)).Kind == EntryKind.Absent)
            return State.Absent;
        if (!repo.HasBlob(file))
            return State.Different;

        // The same size-then-hash check `verify` makes; an unreadable blob stays an error, as before.
        var path = repo.BlobContentPath(file.Etag);
        var check = await ContentCheck.RunAsync(path, file, ct);
        return check.State switch
        {
            ContentState.Ok => State.Same,
            ContentState.Unreadable => throw new IOException($"{path}: {check.Detail}"),
            _ => State.Different,
        };
    }
}
