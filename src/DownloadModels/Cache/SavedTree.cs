using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// <c>trees/{commit}.json</c>: the commit's whole listing, in huggingface_hub's own format (its
/// <c>_tree_cache.py</c>, since 1.22), because huggingface_hub reads and writes the same file on every
/// <c>snapshot_download</c>, online and offline, and crashes on a file that is not a JSON object:
/// <code>{"format_version": 1, "files": {"config.json": {"size": 519, "blob_id": "…"},
///   "model.bin": {"size": 9, "blob_id": "…", "lfs_sha256": "…", "lfs_size": 9, "xet_hash": "…"}}}</code>
/// Pre-release builds of this tool wrote a JSON array there; nothing released did, so an array is simply
/// <see cref="SavedTreeFormat.Unreadable"/> (and replaced).
/// </summary>
internal static class SavedTree
{
    public const int FormatVersion = 1;

    /// <summary>A listing of the largest repo we accept (a million files) stays well below this; a larger file is not one.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // huggingface_hub writes json.dump(..., indent=1): the same shape keeps files written by either diff-friendly.
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The file's bytes: every file of the commit, sorted by path as huggingface_hub sorts them.</summary>
    public static byte[] Serialize(IEnumerable<RepoFile> files)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("format_version", FormatVersion);
            json.WriteStartObject("files");
            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                json.WriteStartObject(file.Path);
                // For an LFS file the Hub's tree "size" is the content's size, as is lfs.size.
                json.WriteNumber("size", file.Size);
                json.WriteString("blob_id", file.GitOid);
                if (file.LfsSha256 is { } sha256)
                {
                    json.WriteString("lfs_sha256", sha256);
                    json.WriteNumber("lfs_size", file.Size);
                }

                if (file.XetHash is { } xetHash)
                    json.WriteString("xet_hash", xetHash);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What the saved tree file at <paramref name="path"/> holds. Only a regular file of sane size is read.</summary>
    public static SavedTreeContent Read(string path)
    {
        var entry = DiskEntry.Probe(path);
        if (entry.Kind == EntryKind.Absent)
            return SavedTreeContent.Absent;
        if (entry.Kind != EntryKind.File || entry.Length > MaxBytes)
            return SavedTreeContent.Unreadable;
        return Parse(File.ReadAllBytes(path));
    }

    /// <summary>What a saved tree file holds; its files only when the format is one we read.</summary>
    public static SavedTreeContent Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            // Parsed in place (no copy): unpack checks trees of up to 64 MB from one reused buffer.
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object ? ParseCurrent(root) : SavedTreeContent.Unreadable;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return SavedTreeContent.Unreadable;
        }
    }

    private static SavedTreeContent ParseCurrent(JsonElement root)
    {
        // huggingface_hub ignores (and rewrites) a file whose version it does not know; so do we, except
        // that we never overwrite it: it may come from a newer huggingface_hub that knows better.
        if (!root.TryGetProperty("format_version", out var version) || version.ValueKind != JsonValueKind.Number)
            return SavedTreeContent.Unreadable;
        if (!version.TryGetInt32(out var number) || number != FormatVersion)
            return new SavedTreeContent(SavedTreeFormat.UnknownVersion, null);
        if (!root.TryGetProperty("files", out var filesElement) || filesElement.ValueKind != JsonValueKind.Object)
            return SavedTreeContent.Unreadable;

        var files = new List<RepoFile>();
        foreach (var entry in filesElement.EnumerateObject())
        {
            var info = entry.Value;
            if (info.ValueKind != JsonValueKind.Object)
                return SavedTreeContent.Unreadable;
            var size = info.GetProperty("size").GetInt64();
            var blobId = info.GetProperty("blob_id").GetString();
            var sha256 = OptionalString(info, "lfs_sha256");
            var lfsSize = info.TryGetProperty("lfs_size", out var lfsSizeElement) && lfsSizeElement.ValueKind == JsonValueKind.Number
                ? lfsSizeElement.GetInt64()
                : (long?)null;
            var (file, error) = ListedFile.Check("file", entry.Name, blobId, size,
                sha256 is not null, sha256, lfsSize ?? size, OptionalString(info, "xet_hash"), "saved tree");
            if (error is not null)
                return SavedTreeContent.Unreadable;
            files.Add(file!);
        }

        return ListedFile.Duplicate(files, "saved tree") is null ? new SavedTreeContent(SavedTreeFormat.Current, files) : SavedTreeContent.Unreadable;
    }

    private static string? OptionalString(JsonElement info, string name) =>
        info.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
