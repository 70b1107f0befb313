using System.Buffers;
using DownloadModels.Hub;
using DownloadModels.Transfer;

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

        using var hasher = ContentHasher.For(file);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                hasher.Append(buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hasher.FinishHex() == hasher.Expected ? State.Same : State.Different;
    }
}
