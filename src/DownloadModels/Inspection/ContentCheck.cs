using System.Buffers;
using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;
using DownloadModels.Transfer;
using DownloadModels.Units;

namespace DownloadModels.Inspection;

/// <summary>
/// The verdict on one file's bytes: size first (cheap), then the content hash the Hub gives (sha256 for
/// LFS files, git blob sha1 otherwise), streamed through one pooled buffer.
/// </summary>
internal sealed record ContentCheck(ContentState State, string Detail, long BytesHashed)
{
    private const int BufferSize = 256 * 1024;

    public bool IsBad => State is ContentState.WrongSize or ContentState.WrongHash or ContentState.NotAFile;

    public static async Task<ContentCheck> RunAsync(string path, RepoFile file, CancellationToken ct)
    {
        try
        {
            var entry = DiskEntry.Probe(path);
            if (entry.Kind == EntryKind.Absent)
                return new ContentCheck(ContentState.Missing, "missing", 0);
            if (entry.Kind != EntryKind.File)
                return new ContentCheck(ContentState.NotAFile, $"is a {entry.Kind.ToString().ToLowerInvariant()}, not a file", 0);
            // Only a file of the expected size is opened, and an empty one never: a FIFO (size 0) planted in
            // the cache can then never block the check.
            if (entry.Length != file.Size)
                return new ContentCheck(ContentState.WrongSize, $"{entry.Length} bytes, expected {file.Size} ({ByteSize.Format(file.Size)})", 0);
            using var hasher = ContentHasher.For(file);
            if (file.Size > 0 && await HashAsync(path, file.Size, hasher, ct) is { } changed)
                return changed;
            var actual = hasher.FinishHex();
            return actual == hasher.Expected
                ? new ContentCheck(ContentState.Ok, "ok", file.Size)
                : new ContentCheck(ContentState.WrongHash, $"{hasher.Algorithm} is {actual}, expected {hasher.Expected}", file.Size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ContentCheck(ContentState.Unreadable, $"cannot be read ({SystemErrors.Describe(e)})", 0);
        }
    }

    /// <summary>Feeds the file to the hasher; a file that changes length while being read is reported as such.</summary>
    private static async Task<ContentCheck?> HashAsync(string path, long size, ContentHasher hasher, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                total += read;
                if (total > size)
                    break;
                hasher.Append(buffer.AsSpan(0, read));
            }

            return total == size ? null : new ContentCheck(ContentState.WrongSize, $"changed while being read ({total} bytes read, expected {size})", 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
