using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// An entry the manifest announces, by its exact name: unpack accepts these and nothing else, so a
/// path outside the layout, a "..", an absolute path or an undeclared file is refused by construction.
/// </summary>
internal sealed record ExpectedEntry(BundleEntryKind Kind, StagedRepo Repo, RepoFile? File)
{
    /// <summary>Every entry name the manifest implies, mapped to what it must be.</summary>
    public static Dictionary<string, ExpectedEntry> Index(IReadOnlyList<StagedRepo> repos)
    {
        var index = new Dictionary<string, ExpectedEntry>(StringComparer.Ordinal);
        foreach (var staged in repos)
        {
            var repo = staged.Bundled;
            foreach (var blob in repo.Blobs)
                index.Add(BundleFormat.Blob(repo, blob.Etag), new ExpectedEntry(BundleEntryKind.Blob, staged, blob));
            foreach (var file in repo.Files)
                index.Add(BundleFormat.Snapshot(repo, file.Path), new ExpectedEntry(BundleEntryKind.Link, staged, file));
            if (repo.HasRef)
                index.Add(BundleFormat.Ref(repo), new ExpectedEntry(BundleEntryKind.Ref, staged, null));
            foreach (var marker in repo.NoExist)
                index.Add(BundleFormat.NoExist(repo, marker), new ExpectedEntry(BundleEntryKind.NoExist, staged, null));
            if (repo.HasTree)
                index.Add(BundleFormat.Tree(repo), new ExpectedEntry(BundleEntryKind.Tree, staged, null));
        }

        return index;
    }
}
