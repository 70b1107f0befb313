using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Errors;

namespace DownloadModels.Bundle;

/// <summary>
/// pack's core (<see cref="PackAsync"/>): brings the models into the cache (unless offline), finds each complete
/// there, and writes the bundle of them: to a file, which appears under its name only once
/// complete (written beside it under a temporary name, flushed to disk, renamed; a link is followed to its
/// final target), into a character device or a FIFO as it is (see <see cref="OutputFile"/>), or to a stream (stdout).
/// Throws <see cref="BundleException"/> for a blob damaged on disk, IOException when writing fails.
/// </summary>
internal sealed class Packer(HubCache cache, int level, int threads)
{
    /// <summary>
    /// The whole pack: <paramref name="download"/> (null offline) first, then each request found complete in the cache
    /// (a failed download gets no second error: it reported its own), then, only when all are, the bundle written with
    /// the progress <paramref name="progressFor"/> makes for its blob bytes. A bundle that cannot be written is the
    /// outcome's <see cref="PackOutcome.WriteError"/>, not an exception.
    /// </summary>
    public async Task<PackOutcome> PackAsync(IReadOnlyList<ModelRequest> requests, PackSource source,
        Func<CancellationToken, Task<IReadOnlyList<ModelResult>>>? download, string tool, Func<long, BundleProgress> progressFor,
        string? targetFile, Func<Stream> openOutput, CancellationToken ct)
    {
        var downloads = download is null ? null : await download(ct);
        var outcome = new PackOutcome(downloads, source.FindAll(requests, downloads));
        if (outcome.Missing > 0)
            return outcome;

        var progress = progressFor(outcome.BlobBytes);
        try
        {
            return outcome with { Progress = progress, Size = await WriteAsync(outcome.Repos, tool, progress, targetFile, openOutput, ct) };
        }
        catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException && !ct.IsCancellationRequested)
        {
            var left = targetFile is null ? "the bundle on stdout is incomplete and will be refused by unpack" : "no bundle was written";
            return outcome with { Progress = progress, WriteError = $"{Describe(e)}; {left}." };
        }
    }

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

    private static string Describe(Exception e) => e switch
    {
        BundleException => e.Message,
        IOException io when Errno.FromHResult(io.HResult) == 32 => "the reader of the bundle went away (broken pipe)",
        _ when SystemErrors.IsDiskFull(e) => "the disk is full",
        _ => $"could not write the bundle ({SystemErrors.Describe(e)})",
    };
}
