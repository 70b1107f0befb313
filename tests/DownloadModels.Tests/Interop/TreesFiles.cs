using System.Text.Json.Nodes;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// <c>trees/{commit}.json</c> in its two shapes: huggingface_hub's (docs/cache-layout.md: format_version 1 and a
/// files map; what every cache must now hold) and the JSON array earlier download-models releases wrote there
/// (src/DownloadModels/Cache/SavedTree.cs before issue 8), which crashes huggingface_hub.
/// </summary>
internal static class TreesFiles
{
    public static string PathOf(string hubCache, FakeRepo repo) =>
        Path.Combine(PipelineHub.RepoFolder(hubCache, repo), "trees", repo.Commit + ".json");

    /// <summary>
    /// The array an earlier release wrote, byte for byte: the Hub's tree entries of every file, compact, with
    /// <c>"lfs":null</c> on regular files (System.Text.Json's default for a null member).
    /// </summary>
    public static string OldArray(FakeRepo repo) =>
        new JsonArray([.. repo.Paths.Select(path => (JsonNode)new JsonObject
        {
            ["type"] = "file",
            ["oid"] = repo.OidOf(path),
            ["size"] = repo.SizeOf(path),
            ["path"] = path,
            ["lfs"] = repo.IsLfs(path) ? new JsonObject { ["oid"] = repo.Sha256Of(path), ["size"] = repo.SizeOf(path) } : null,
        })]).ToJsonString();

    /// <summary>
    /// What is wrong with the file as huggingface_hub's format for <paramref name="repo"/>'s commit (empty when
    /// nothing): a JSON object, format_version 1, every file of the commit with its size and git blob id, LFS
    /// files with lfs_sha256, lfs_size and the listing's xet_hash, regular files with none of those.
    /// </summary>
    public static List<string> HubFormatProblems(string path, FakeRepo repo)
    {
        var problems = new List<string>();
        if (!File.Exists(path))
            return [$"{path} does not exist"];
        var text = File.ReadAllText(path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            return [$"{path} is not JSON ({e.Message})"];
        }

        if (root is not JsonObject obj)
            return [$"{path} is not a JSON object but {root?.GetValueKind()} (starts {Start(text)})"];
        if (obj["format_version"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number || obj["format_version"]!.GetValue<int>() != 1)
            problems.Add($"{path}: format_version is {obj["format_version"]?.ToJsonString() ?? "missing"}, expected 1");
        if (obj["files"] is not JsonObject files)
            return [.. problems, $"{path}: no \"files\" object"];

        var listed = files.Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var expected = repo.Paths.Order(StringComparer.Ordinal).ToList();
        if (!listed.SequenceEqual(expected))
            problems.Add($"{path}: files [{string.Join(", ", listed)}], expected every file of the commit [{string.Join(", ", expected)}]");
        foreach (var (file, entry) in files)
        {
            if (!repo.Paths.Contains(file))
                continue;
            var want = new JsonObject { ["size"] = repo.SizeOf(file), ["blob_id"] = repo.OidOf(file) };
            if (repo.IsLfs(file))
            {
                want["lfs_sha256"] = repo.Sha256Of(file);
                want["lfs_size"] = repo.SizeOf(file);
            }

            if (repo.XetHashOf(file) is { } xet)
                want["xet_hash"] = xet;
            if (!JsonNode.DeepEquals(Sorted(entry), Sorted(want)))
                problems.Add($"{path}: \"{file}\" is {entry?.ToJsonString()}, expected {want.ToJsonString()}");
        }

        return problems;
    }

    private static JsonNode Sorted(JsonNode? node) =>
        node is JsonObject obj ? new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) : node?.DeepClone() ?? JsonValue.Create("null")!;

    private static string Start(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
