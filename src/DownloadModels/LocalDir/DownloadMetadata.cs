using System.Globalization;
using DownloadModels.Cache;

namespace DownloadModels.LocalDir;

/// <summary>
/// <c>DIR/.cache/huggingface/download/{path}.metadata</c>, huggingface_hub's record of one downloaded file: three
/// lines, the commit, the etag (sha256 for LFS files, git sha1 otherwise) and the Unix time it was written. It
/// vouches for the file only while the file is not newer than it (huggingface_hub allows one second).
/// </summary>
internal sealed record DownloadMetadata(string Commit, string Etag, double Timestamp)
{
    /// <summary>Three short lines; anything larger is not one.</summary>
    public const long MaxBytes = 4096;

    /// <summary>The metadata at <paramref name="path"/>, or null when absent or not in this format (huggingface_hub then ignores it too).</summary>
    public static DownloadMetadata? Read(string path)
    {
        var entry = DiskEntry.Probe(path);
        if (entry.Kind != EntryKind.File || entry.Length > MaxBytes)
            return null;
        try
        {
            var lines = File.ReadAllText(path).Split('\n');
            return lines.Length >= 3 && double.TryParse(lines[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var timestamp)
                ? new DownloadMetadata(lines[0].Trim(), lines[1].Trim(), timestamp)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The file's bytes, as huggingface_hub writes them: <c>f"{commit}\n{etag}\n{time.time()}\n"</c>.</summary>
    public string Format() =>
        $"{Commit}\n{Etag}\n{Timestamp.ToString("0.0#####", CultureInfo.InvariantCulture)}\n";

    /// <summary>Whether it vouches for a file last written at <paramref name="fileWrittenUtc"/> (not more than a second after it).</summary>
    public bool Covers(DateTime fileWrittenUtc) => UnixSeconds(fileWrittenUtc) - 1 <= Timestamp;

    public static double UnixSeconds(DateTime utc) => (utc - DateTime.UnixEpoch).TotalSeconds;
}
