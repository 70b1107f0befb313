using System.Text.Json.Nodes;
using DownloadModels.Cache;

namespace DownloadModels.Tests.Layout;

/// <summary>What our releases before huggingface_hub's format wrote as trees/{commit}.json: the Hub's tree entries, as an array.</summary>
internal static class LegacyTree
{
    /// <summary>Rewrites a saved tree (any format we read) in the old array format.</summary>
    public static void Rewrite(string treePath)
    {
        var files = SavedTree.Parse(File.ReadAllBytes(treePath)).Files ?? throw new InvalidOperationException($"{treePath} is not a tree we read");
        var entries = new JsonArray();
        foreach (var file in files)
        {
            var entry = new JsonObject { ["type"] = "file", ["oid"] = file.GitOid, ["size"] = file.Size, ["path"] = file.Path };
            entry["lfs"] = file.LfsSha256 is { } sha ? new JsonObject { ["oid"] = sha, ["size"] = file.Size } : null;
            entries.Add(entry);
        }

        File.WriteAllText(treePath, entries.ToJsonString());
    }

    public static SavedTreeFormat FormatOf(string treePath) => SavedTree.Parse(File.ReadAllBytes(treePath)).Format;
}
