using System.Formats.Tar;
using System.Text;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>The checks of one bundle entry against what the manifest announced for its name.</summary>
internal static class EntryChecks
{
    /// <summary>Why an entry whose name the manifest does not announce is refused, as precisely as the name allows.</summary>
    public static string Unexpected(TarEntry entry)
    {
        var name = entry.Name;
        var shown = RepoId.Printable(name);
        if (name == BundleFormat.ManifestName)
            return $"entry '{shown}' appears twice";
        if (RepoPath.Validate(name.TrimEnd('/')) is { } unsafePath)
            return $"entry {unsafePath} is not a safe path in the cache";
        return $"entry '{shown}' is outside the cache layout or not declared in {BundleFormat.ManifestName}";
    }

    public static void CheckType(TarEntry entry, BundleEntryKind kind)
    {
        var wanted = kind == BundleEntryKind.Link ? entry.EntryType is TarEntryType.SymbolicLink
            : entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;
        if (!wanted)
            throw new BundleException($"entry '{RepoId.Printable(entry.Name)}' is {TypeName(entry.EntryType)}: only a {(kind == BundleEntryKind.Link ? "symbolic link" : "regular file")} may have that name");
    }

    /// <summary>The entry's type as tar names it: a known one by name, any other by its type letter (never a number).</summary>
    private static string TypeName(TarEntryType type) =>
        Enum.IsDefined(type) ? $"a {type}" : $"a tar entry of type '{(char.IsAsciiLetterOrDigit((char)type) ? ((char)type).ToString() : $"\\x{(int)type:x2}")}'";

    /// <summary>A snapshot link must point exactly where huggingface_hub points it: to its own blob, inside the repo folder.</summary>
    public static void CheckLink(TarEntry entry, RepoFile file)
    {
        var target = RepoCache.RelativeBlobTarget(file.Path, file.Etag);
        if (entry.LinkName != target)
            throw new BundleException($"link '{RepoId.Printable(entry.Name)}' points to '{RepoId.Printable(entry.LinkName)}', not to its blob ({target})");
        if (entry.Length != 0)
            throw new BundleException($"link '{RepoId.Printable(entry.Name)}' carries data");
    }

    public static void CheckRef(TarEntry entry, BundledRepo repo, byte[]? content)
    {
        if (content is null || Encoding.ASCII.GetString(content) != repo.Commit)
            throw new BundleException($"'{entry.Name}' does not hold the commit manifest.json gives ({repo.Commit})");
    }

    public static void CheckEmpty(TarEntry entry)
    {
        if (entry.Length != 0)
            throw new BundleException($"marker '{entry.Name}' is not empty");
    }

    /// <summary>
    /// The saved tree must parse and agree with the manifest on every file the bundle carries. Returns the
    /// bytes to put in the cache, as they are.
    /// </summary>
    public static ReadOnlyMemory<byte> CheckTree(TarEntry entry, BundledRepo repo, ReadOnlyMemory<byte>? content)
    {
        if (content is null)
            throw new BundleException($"'{entry.Name}' is larger than {BundleFormat.MaxTreeBytes} bytes");
        var saved = SavedTree.Parse(content.Value);
        var tree = saved.Files ?? throw new BundleException($"'{entry.Name}' is not a valid tree listing");
        var byPath = tree.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var file in repo.Files)
        {
            if (!byPath.TryGetValue(file.Path, out var listed) || listed.Etag != file.Etag || listed.Size != file.Size)
                throw new BundleException($"'{entry.Name}' disagrees with {BundleFormat.ManifestName} about {repo.Repo}/{file.Path}");
        }

        return content.Value;
    }
}
