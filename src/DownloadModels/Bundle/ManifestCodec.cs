using System.Text.Json;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// manifest.json to and from <see cref="BundledRepo"/>s. Reading trusts nothing: every id, revision,
/// commit, path and hash is checked with the same rules the downloader applies to the Hub's answers,
/// because these strings become paths in the target cache.
/// </summary>
internal static class ManifestCodec
{
    public static byte[] Serialize(IReadOnlyList<BundledRepo> repos, string tool, DateTimeOffset created) =>
        JsonSerializer.SerializeToUtf8Bytes(new ManifestDto(BundleFormat.Version, tool, created, repos.Select(ToDto).ToList()), BundleJsonContext.Default.ManifestDto);

    public static BundleContents Parse(ReadOnlySpan<byte> json)
    {
        ManifestDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, BundleJsonContext.Default.ManifestDto);
        }
        catch (JsonException e)
        {
            throw new BundleException($"manifest.json is {SystemErrors.Describe(e)}");
        }

        if (dto is null)
            throw new BundleException("manifest.json is empty");
        if (dto.Format != BundleFormat.Version)
            throw new BundleException($"bundle format {dto.Format} is not the one this download-models reads ({BundleFormat.Version}); unpack it with the version that packed it ({dto.Tool ?? "unknown"})");
        var repos = (dto.Repos ?? []).Select(FromDto).ToArray();
        var duplicate = repos.GroupBy(r => r.Folder, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new BundleException($"manifest.json lists {duplicate.First().Repo} twice");
        return new BundleContents(dto.Tool ?? "unknown", dto.Created, repos);
    }

    private static ManifestRepoDto ToDto(BundledRepo repo) => new(
        repo.Repo.Type.ToString().ToLowerInvariant(), repo.Repo.Id, repo.Revision, repo.Commit,
        repo.Files.Select(f => new ManifestFileDto(f.Path, f.Size, f.IsLfs, f.LfsSha256, f.IsLfs ? null : f.GitOid)).ToList(),
        repo.NoExist.ToList(), repo.HasTree);

    private static BundledRepo FromDto(ManifestRepoDto dto)
    {
        var type = dto.Type switch
        {
            "model" => RepoType.Model,
            "dataset" => RepoType.Dataset,
            "space" => RepoType.Space,
            _ => throw new BundleException($"manifest.json names an unknown repo type '{RepoId.Printable(dto.Type ?? "")}'"),
        };
        if (!RepoId.TryParse(dto.Id ?? "", type, out var repo, out var idError))
            throw new BundleException($"manifest.json: {idError}");
        var label = repo!.Id;
        if (RevisionName.Validate(dto.Revision ?? "") is { } revisionError)
            throw new BundleException($"manifest.json, {label}: {revisionError}");
        if (dto.Commit is not { } commit || !RevisionName.IsCommitHash(commit))
            throw new BundleException($"manifest.json, {label}: the commit is not a 40-hex commit id");
        if (RevisionName.IsCommitHash(dto.Revision!) && dto.Revision != commit)
            throw new BundleException($"manifest.json, {label}: revision {dto.Revision} is a commit id but the commit is {commit}");

        var files = (dto.Files ?? []).Select(f => ToRepoFile(label, f)).ToArray();
        var noExist = dto.NoExist ?? [];
        foreach (var path in noExist)
            CheckPath(label, path ?? "");
        CheckUnique(label, files.Select(f => f.Path).Concat(noExist));
        CheckNoFileIsAFolder(label, files.Select(f => f.Path));
        CheckNoFileIsAFolder(label, noExist);
        var sizeClash = files.GroupBy(f => f.Etag, StringComparer.Ordinal).FirstOrDefault(g => g.Select(f => f.Size).Distinct().Count() > 1);
        if (sizeClash is not null)
            throw new BundleException($"manifest.json, {label}: blob {sizeClash.Key} is listed with two different sizes");
        return new BundledRepo(repo, dto.Revision!, commit, files, noExist, dto.Tree);
    }

    private static RepoFile ToRepoFile(string label, ManifestFileDto file)
    {
        var path = file.Path ?? "";
        CheckPath(label, path);
        if (file.Size < 0)
            throw new BundleException($"manifest.json, {label}/{path}: negative size");
        if (file.Lfs ? !Hex.IsLower(file.Sha256, 64) || file.Sha1 is not null : !Hex.IsLower(file.Sha1, 40) || file.Sha256 is not null)
            throw new BundleException($"manifest.json, {label}/{path}: an LFS file needs a sha256 (64 hex), any other file a git sha1 (40 hex), not both");
        return file.Lfs ? new RepoFile(path, file.Size, "", file.Sha256) : new RepoFile(path, file.Size, file.Sha1!, null);
    }

    private static void CheckPath(string label, string path)
    {
        if (RepoPath.Validate(path) is { } pathError)
            throw new BundleException($"manifest.json, {label}: unsafe path {pathError}");
    }

    private static void CheckUnique(string label, IEnumerable<string> paths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.Where(p => !seen.Add(p)))
            throw new BundleException($"manifest.json, {label}: '{RepoId.Printable(path)}' is listed twice");
    }

    /// <summary>"a" and "a/b" cannot both be files: the first would have to be a link and a folder at once.</summary>
    private static void CheckNoFileIsAFolder(string label, IEnumerable<string> paths)
    {
        var all = paths.ToHashSet(StringComparer.Ordinal);
        foreach (var path in all)
        {
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (all.Contains(path[..slash]))
                    throw new BundleException($"manifest.json, {label}: '{RepoId.Printable(path[..slash])}' is both a file and a folder");
            }
        }
    }

}
