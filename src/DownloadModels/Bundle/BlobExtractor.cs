using System.Buffers;
using System.Formats.Tar;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Bundle;

/// <summary>One blob entry: its size checked, its bytes hashed on the way to the staging file (or only hashed).</summary>
internal static class BlobExtractor
{
    private const int BufferSize = 1 << 20;

    /// <summary>Streams one blob through its hash into <paramref name="path"/> (when given); returns the path.</summary>
    public static async Task<string?> ExtractAsync(TarEntry entry, BundledRepo repo, RepoFile file, string? path, BundleProgress progress, CancellationToken ct)
    {
        if (entry.Length != file.Size)
            throw new BundleException($"blob {entry.Name} has {entry.Length} bytes; manifest.json says {file.Size}");
        using var hasher = ContentHasher.For(file);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var output = path is null ? null
                : new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, PreallocationSize = file.Size });
            for (var left = file.Size; left > 0;)
            {
                var read = await TarInput.ReadAsync(entry.DataStream!, buffer.AsMemory(0, (int)Math.Min(BufferSize, left)), ct);
                if (read == 0)
                    throw new BundleException($"the bundle ends inside {entry.Name}: it was cut short");
                hasher.Append(buffer.AsSpan(0, read));
                if (output is not null)
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                left -= read;
                progress.Add(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = hasher.FinishHex();
        if (actual != hasher.Expected)
            throw new BundleException($"{repo.Repo}/{file.Path}: content does not match the manifest's {hasher.Algorithm} (expected {hasher.Expected}, got {actual}): the bundle is damaged");
        return path;
    }
}
