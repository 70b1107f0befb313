using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Builds the tree listing of protocol §2 from a snapshot: files and every folder, folders carrying a real
/// git tree sha1 so two commits with the same folder content agree, as on the Hub.
/// </summary>
internal sealed class TreeListing
{
    private readonly RepoSnapshot _snapshot;
    private readonly Func<FakeFile, string?> _xetHash;
    private readonly SortedSet<string> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _treeShas = new(StringComparer.Ordinal);

    /// <param name="xetHash">The <c>xetHash</c> of a file, or null when it has none (see <see cref="FakeRepo.XetBacked"/>).</param>
    public TreeListing(RepoSnapshot snapshot, Func<FakeFile, string?> xetHash)
    {
        _snapshot = snapshot;
        _xetHash = xetHash;
        foreach (var path in snapshot.Files.Keys)
        {
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                _folders.Add(path[..slash]);
            }
        }
    }

    /// <summary>The entries under <paramref name="folder"/> ("" for the root) in path order; null when no such folder.</summary>
    public List<JsonObject>? Entries(string folder, bool recursive)
    {
        if (folder.Length > 0 && !_folders.Contains(folder))
        {
            return null;
        }

        var prefix = folder.Length == 0 ? "" : folder + "/";
        bool Wanted(string path) => path.StartsWith(prefix, StringComparison.Ordinal) && (recursive || path.IndexOf('/', prefix.Length) < 0);
        var folders = _folders.Where(Wanted).Select(path => (path, node: Folder(path)));
        var files = _snapshot.Files.Values.Where(f => Wanted(f.Path)).Select(f => (path: f.Path, node: File(f, _xetHash(f))));
        return [.. folders.Concat(files).OrderBy(e => e.path, StringComparer.Ordinal).Select(e => e.node)];
    }

    public static JsonObject File(FakeFile file, string? xetHash)
    {
        var node = new JsonObject { ["type"] = "file", ["oid"] = file.Oid, ["size"] = file.Size, ["path"] = file.Path };
        if (file.Lfs)
        {
            node["lfs"] = new JsonObject { ["oid"] = file.Content.Sha256, ["size"] = file.Size, ["pointerSize"] = file.PointerSize };
        }

        if (xetHash is not null)
        {
            // The Hub puts it after "lfs" on Xet-backed LFS files; huggingface_hub reads it as RepoFile.xet_hash.
            node["xetHash"] = xetHash;
        }

        return node;
    }

    private JsonObject Folder(string path) =>
        new() { ["type"] = "directory", ["oid"] = TreeSha(path), ["size"] = 0, ["path"] = path };

    // A git tree object: "<mode> <name>\0<20-byte sha>" per child, in git's order (folders sort as "name/").
    private string TreeSha(string folder)
    {
        if (_treeShas.TryGetValue(folder, out var known))
        {
            return known;
        }

        var prefix = folder.Length == 0 ? "" : folder + "/";
        bool Child(string path) => path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) < 0;
        var children = _snapshot.Files.Values.Where(f => Child(f.Path)).Select(f => (key: f.Name, mode: "100644", sha: f.Oid))
            .Concat(_folders.Where(Child).Select(d => (key: d[prefix.Length..] + "/", mode: "40000", sha: TreeSha(d))))
            .OrderBy(c => c.key, StringComparer.Ordinal);
        using var body = new MemoryStream();
        foreach (var (key, mode, sha) in children)
        {
            body.Write(Encoding.UTF8.GetBytes($"{mode} {key.TrimEnd('/')}\0"));
            body.Write(Convert.FromHexString(sha));
        }

        var header = Encoding.ASCII.GetBytes($"tree {body.Length}\0");
        var tree = Convert.ToHexStringLower(SHA1.HashData([.. header, .. body.ToArray()]));
        _treeShas[folder] = tree;
        return tree;
    }
}
