using DownloadModels.Cache;

namespace DownloadModels.Bundle;

/// <summary>
/// Writes the bundle of repos found in the cache: to a file, which appears under its name only once
/// complete (written beside it under a temporary name, flushed to disk, renamed; a link is followed to its
/// final target), into a character device or a FIFO as it is (see <see cref="OutputFile"/>), or to a stream (stdout).
/// Throws <see cref="BundleException"/> for a blob damaged on disk, IOException when writing fails.
/// </summary>
internal sealed class Packer(HubCache cache, int level, int threads)
{
    /// <summary>The bundle's size in bytes (compressed).</summary>
    public async Task<long> WriteAsync(IReadOnlyList<BundledRepo> repos, string tool, BundleProgress progress, string? targetFile, Func<Stream> openOutput, CancellationToken ct)
    {
        var created = TimeProvider.System.GetUtcNow();
        var manifest = ManifestCodec.Serialize(repos, tool, created);
        var writer = new BundleWriter(cache, level, threads, progress);
        if (targetFile is null)
        {
            await using var output = openOutput();
            return await writer.WriteAsync(output, repos, manifest, created, ct);
        }

        var (final, inPlace, problem) = OutputFile.Plan(targetFile);
        if (problem is not null)
            throw new OutputFileException(problem);
        if (inPlace)
        {
            // A character device or a FIFO (/dev/null, /dev/stdout, a named pipe) is written into, never replaced.
            await using var device = new FileStream(final, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 20, FileOptions.Asynchronous);
            var written = await writer.WriteAsync(device, repos, manifest, created, ct);
            await device.FlushAsync(ct);
            return written;
        }

        var temp = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.partial");
        try
        {
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                size = await writer.WriteAsync(file, repos, manifest, created, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, final, overwrite: true);
            return size;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
