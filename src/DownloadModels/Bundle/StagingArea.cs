using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// The folder blobs are extracted to before anything is merged: inside the target hub cache, so moving
/// a verified blob into place is a rename on the same filesystem. Whatever was created only for it (the
/// cache folder itself, CACHEDIR.TAG) is removed again when nothing gets merged.
/// </summary>
internal sealed class StagingArea(HubCache cache)
{
    private readonly MergeJournal _created = new();
    private string? _folder;
    private long? _spaceLeft;

    /// <summary>
    /// Free bytes beyond the blobs the space check counted (null: no check, --no-space-check or a dry run):
    /// what the saved trees may take, which the manifest does not announce.
    /// </summary>
    public void LimitSpace(long spaceLeft) => _spaceLeft = spaceLeft;

    /// <summary>Creates the staging folder (and the cache, when missing); a cache that cannot be written is a usage error.</summary>
    public void Create()
    {
        try
        {
            _created.EnsureFolder(cache.Root);
            var tag = Path.Combine(cache.Root, CacheLayout.CacheDirTag);
            if (!File.Exists(tag))
            {
                cache.EnsureCreated();
                _created.Created(tag);
            }

            _folder = Directory.CreateDirectory(Path.Combine(cache.Root, $".unpack-{Guid.NewGuid():N}")).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _created.Rollback();
            throw new CommandException(ErrorKind.NotWritable, SystemErrors.FolderNotWritable($"the cache folder {cache.Root}", cache.Root, e, "--cache-dir"));
        }
    }

    /// <summary>Where a blob is staged; null when the target already has it (it is then only hashed) or nothing is staged (dry run).</summary>
    public string? PathFor(BundledRepo repo, RepoFile file)
    {
        if (_folder is null || cache.Repo(repo.Repo).HasBlob(file))
            return null;
        return Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, repo.Folder)).FullName, file.Etag);
    }

    /// <summary>
    /// Where a checked saved tree of <paramref name="bytes"/> is staged, counted against the free space; null
    /// when nothing is staged (dry run). Throws <see cref="BundleException"/> when the space would run out.
    /// </summary>
    public string? TreePathFor(BundledRepo repo, long bytes)
    {
        if (_folder is null)
            return null;
        if (_spaceLeft is { } left)
        {
            // Twice: the staged copy stays until the end of the unpack, beside the one merged into the cache.
            _spaceLeft = left - (2 * bytes);
            if (_spaceLeft < 0)
                throw new BundleException($"not enough free space in {cache.Root}: the bundle's saved trees need more than is left beside its blobs; free some space, choose another --cache-dir, or pass --no-space-check");
        }

        return Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, repo.Folder)).FullName, $"{repo.Commit}.tree.json");
    }

    /// <summary>Deletes the staging folder; with <paramref name="anythingMerged"/> false, also what was created for it.</summary>
    public void Remove(bool anythingMerged)
    {
        try
        {
            if (_folder is not null && Directory.Exists(_folder))
                Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only verified copies are in there; the next unpack uses a folder of its own.
        }

        if (!anythingMerged)
            _created.Rollback();
    }
}
