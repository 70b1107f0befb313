using System.Text.Json;
using DownloadModels.Repos;

namespace DownloadModels.Mirror;

/// <summary>
/// Reads back what a mirror folder serves, from its own revision and tree files, so what is derived
/// from the whole folder (the nginx header maps) covers every run's selection, not only the last.
/// </summary>
internal static class MirrorIndex
{
    private const long MaxJsonBytes = 256L * 1024 * 1024;

    public static IReadOnlyList<MirroredRevision> Read(MirrorLayout layout)
    {
        var found = new List<MirroredRevision>();
        foreach (var type in new[] { RepoType.Model, RepoType.Dataset, RepoType.Space })
        {
            var apiRoot = Path.Combine(layout.Root, "api", new RepoId(type, "x").TypePlural);
            if (!Directory.Exists(apiRoot))
                continue;
            foreach (var path in Directory.EnumerateFiles(apiRoot, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(apiRoot, path).Replace('\\', '/');
                // Only decoded spellings: the literal %2F file is the same revision's twin.
                if (!relative.Contains("/revision/", StringComparison.Ordinal) || relative.Contains("%2F", StringComparison.Ordinal))
                    continue;
                if (ReadRevision(layout, type, relative, path) is { } revision)
                    found.Add(revision);
            }
        }

        return [.. found.OrderBy(r => r.Repo.UrlPrefix, StringComparer.Ordinal).ThenBy(r => r.Revision, StringComparer.Ordinal)];
    }

    private static MirroredRevision? ReadRevision(MirrorLayout layout, RepoType type, string relative, string path)
    {
        if (new FileInfo(path).Length > MaxJsonBytes || MirrorDocuments.ReadRevision(File.ReadAllText(path)) is not var (id, commit))
            return null;
        var prefix = id + "/revision/";
        if (!relative.StartsWith(prefix, StringComparison.Ordinal) || !RepoId.TryParse(id, type, out var repo, out _))
            return null;
        var revision = relative[prefix.Length..];
        if (RevisionName.Validate(revision) is not null)
            return null;
        var treePath = layout.TreePaths(repo!, commit)[0];
        if (!File.Exists(treePath) || new FileInfo(treePath).Length > MaxJsonBytes)
            return null;
        try
        {
            var files = JsonSerializer.Deserialize(File.ReadAllText(treePath), MirrorJsonContext.Default.ListMirrorTreeEntryDto) ?? [];
            return new MirroredRevision(repo!, revision, commit, files.Where(f => f is { Path: not null, Oid: not null } && RepoPath.Validate(f.Path) is null).ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
