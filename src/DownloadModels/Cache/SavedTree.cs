using System.Text.Json;
using DownloadModels.Hub;

namespace DownloadModels.Cache;

/// <summary>
/// The commit's listing saved as <c>trees/{commit}.json</c> (in the Hub API's own tree format), so
/// offline runs, --dry-run without network and verify know exactly which files the commit has.
/// </summary>
internal static class SavedTree
{
    public static string Serialize(IReadOnlyList<RepoFile> files) =>
        JsonSerializer.Serialize(files.Select(ToEntry).ToList(), HubJsonContext.Default.ListTreeEntryDto);

    /// <summary>The files, or null when the JSON is unreadable or names an unsafe path (a hand-edited cache).</summary>
    public static IReadOnlyList<RepoFile>? Parse(string json)
    {
        try
        {
            var entries = JsonSerializer.Deserialize(json, HubJsonContext.Default.ListTreeEntryDto) ?? [];
            var files = entries.Select(e => TreeEntries.ToRepoFile(e, "saved tree")).OfType<RepoFile>().ToList();
            TreeEntries.RejectDuplicates(files, "saved tree");
            return files;
        }
        catch (Exception e) when (e is JsonException or HubException)
        {
            return null;
        }
    }

    private static TreeEntryDto ToEntry(RepoFile file) =>
        new("file", file.GitOid, file.Size, file.Path, file.LfsSha256 is { } sha ? new LfsInfoDto(sha, file.Size) : null);
}
