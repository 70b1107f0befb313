using DownloadModels.Hub;
using DownloadModels.Inspection;

namespace DownloadModels.Bundle;

/// <summary>What the target cache already has under a blob's name: nothing, the same content, or something else.</summary>
internal static class ExistingBlob
{
    public enum State
    {
        Absent,
        Same,
        Different,
    }

    /// <summary>Cheap test used while extracting: a regular file of the right size (verified later by <see cref="CheckAsync"/>).</summary>
    public static bool LooksPresent(string path, RepoFile file)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null && info.Length == file.Size;
    }

    /// <summary>Hashes an existing blob: a cache is never trusted to hold what its names say.</summary>
    public static async Task<State> CheckAsync(string path, RepoFile file, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null && !info.Exists && !Directory.Exists(path))
            return State.Absent;
        if (!LooksPresent(path, file))
            return State.Different;

        // The same size-then-hash check `verify` makes; an unreadable blob stays an error, as before.
        var check = await ContentCheck.RunAsync(path, file, ct);
        return check.State switch
        {
            ContentState.Ok => State.Same,
            ContentState.Unreadable => throw new IOException($"{path}: {check.Detail}"),
            _ => State.Different,
        };
    }
}
