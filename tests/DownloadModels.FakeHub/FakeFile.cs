using System.Text;

namespace DownloadModels.Tests.FakeHub;

/// <summary>One file of a repo at a commit, with the identities the Hub publishes for it.</summary>
internal sealed class FakeFile
{
    private readonly Lazy<byte[]> _pointer;
    private readonly Lazy<string> _oid;

    public FakeFile(string path, FakeContent content, bool lfs, Xet.XetFixtureFile? xet = null)
    {
        Xet = xet;
        Path = path;
        Content = content;
        Lfs = lfs;
        _pointer = new Lazy<byte[]>(() => Encoding.UTF8.GetBytes(HubHashes.LfsPointer(content.Sha256, content.Size)));
        _oid = new Lazy<string>(() => Lfs ? HubHashes.GitBlobSha1(_pointer.Value) : Content.GitSha1);
    }

    public string Path { get; }

    public FakeContent Content { get; }

    public bool Lfs { get; }

    /// <summary>The file as the Xet CAS holds it (JS-made fixture), or null when only the LFS CDN has it.</summary>
    public Xet.XetFixtureFile? Xet { get; }

    public long Size => Content.Size;

    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    public int PointerSize => _pointer.Value.Length;

    /// <summary>The tree listing's <c>oid</c>: git sha1 of the pointer for LFS files (protocol §2).</summary>
    public string Oid => _oid.Value;
}
