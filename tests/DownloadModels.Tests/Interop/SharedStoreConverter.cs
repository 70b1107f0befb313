using System.Text.Json.Nodes;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// Converts a cache huggingface_hub filled into the cache-wide shared blob store that newer huggingface_hub
/// writes (docs/cache-layout.md, "The cache-wide shared blob store"): each Xet-backed blob moves once to
/// <c>{cache}/blobs/{xx}/{xet_hash}</c> (read-only), <c>{xet_hash}.refs</c> lists the repo blobs that use it,
/// and the repo's <c>blobs/{etag}</c> becomes the relative link <c>../../blobs/{xx}/{xet_hash}</c>. The xet
/// hashes come from the <c>trees/{commit}.json</c> files huggingface_hub wrote. Snapshot links stay as they are.
/// </summary>
internal static class SharedStoreConverter
{
    public const string MarkerName = ".huggingface-shared-blobs";

    /// <summary>Returns each repo blob that now links into the store, with the store file it links to.</summary>
    public static IReadOnlyDictionary<string, string> Convert(string hubCache)
    {
        var store = Directory.CreateDirectory(Path.Combine(hubCache, "blobs")).FullName;
        File.WriteAllText(Path.Combine(store, MarkerName), "1\n");
        var linked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var repo in Directory.EnumerateDirectories(hubCache, "*--*"))
        {
            var repoName = Path.GetFileName(repo);
            foreach (var trees in Directory.EnumerateFiles(Path.Combine(repo, "trees"), "*.json"))
            {
                foreach (var (_, entry) in JsonNode.Parse(File.ReadAllText(trees))!["files"]!.AsObject())
                {
                    if (entry?["xet_hash"]?.GetValue<string>() is not { } xetHash || entry["lfs_sha256"]?.GetValue<string>() is not { } etag)
                        continue;
                    var blob = Path.Combine(repo, "blobs", etag);
                    var info = new FileInfo(blob);
                    if (!info.Exists || info.LinkTarget is not null)
                        continue;

                    var shard = Directory.CreateDirectory(Path.Combine(store, xetHash[..2])).FullName;
                    var content = Path.Combine(shard, xetHash);
                    if (File.Exists(content))
                        File.Delete(blob);
                    else
                    {
                        File.Move(blob, content);
                        if (!OperatingSystem.IsWindows())
                            File.SetUnixFileMode(content, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                    }

                    File.CreateSymbolicLink(blob, $"../../blobs/{xetHash[..2]}/{xetHash}");
                    File.AppendAllText(content + ".refs", $"{repoName}/blobs/{etag}\n");
                    linked[blob] = content;
                }
            }
        }

        return linked;
    }
}
