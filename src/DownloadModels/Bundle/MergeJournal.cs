namespace DownloadModels.Bundle;

/// <summary>
/// What a merge created (files, links, folders), so a merge that fails halfway (disk full, permission)
/// removes exactly that and leaves the cache as it was. Lock files are left, as huggingface_hub leaves
/// them: deleting a lock file another process may be waiting on would break the lock.
/// </summary>
internal sealed class MergeJournal
{
    private readonly List<string> _files = [];
    private readonly List<string> _folders = [];

    public bool IsEmpty => _files.Count == 0 && _folders.Count == 0;

    /// <summary>Creates <paramref name="folder"/> and any missing parents, remembering each one created.</summary>
    public void EnsureFolder(string folder)
    {
        var missing = new Stack<string>();
        for (var current = folder; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
            missing.Push(current);
        while (missing.TryPop(out var next))
        {
            Directory.CreateDirectory(next);
            _folders.Add(next);
        }
    }

    public void Created(string path) => _files.Add(path);

    public void Rollback()
    {
        for (var i = _files.Count - 1; i >= 0; i--)
            BestEffort(() => File.Delete(_files[i]));
        for (var i = _folders.Count - 1; i >= 0; i--)
            BestEffort(() => Directory.Delete(_folders[i]));
        _files.Clear();
        _folders.Clear();
    }

    private static void BestEffort(Action undo)
    {
        try
        {
            undo();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder someone else filled meanwhile stays; the rest is still undone.
        }
    }
}
