using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>
/// Hashes a file's content as it streams: sha256 for LFS files (against <c>lfs.oid</c>), the git blob
/// sha1 for the rest (sha1 of "blob {size}\0" + content, against the tree's <c>oid</c>).
/// </summary>
internal sealed class ContentHasher : IDisposable
{
    private readonly IncrementalHash _hash;
    private readonly byte[]? _gitHeader;

    private ContentHasher(RepoFile file)
    {
        Expected = ExpectedOf(file);
        Algorithm = AlgorithmOf(file);
        _hash = IncrementalHash.CreateHash(file.IsLfs ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1);
        _gitHeader = file.IsLfs ? null : Encoding.ASCII.GetBytes($"blob {file.Size.ToString(CultureInfo.InvariantCulture)}\0");
        Reset();
    }

    public string Expected { get; }
    public string Algorithm { get; }

    public static ContentHasher For(RepoFile file) => new(file);

    public static string ExpectedOf(RepoFile file) => file.LfsSha256 ?? file.GitOid;

    public static string AlgorithmOf(RepoFile file) => file.IsLfs ? "sha256" : "git-sha1";

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    /// <summary>Starts over, for a file that restarts from byte zero.</summary>
    public void Reset()
    {
        Span<byte> discard = stackalloc byte[32];
        _hash.TryGetHashAndReset(discard, out _);
        if (_gitHeader is not null)
            _hash.AppendData(_gitHeader);
    }

    /// <summary>The lowercase hex digest of everything appended; the hasher is reset afterwards.</summary>
    public string FinishHex()
    {
        var hex = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (_gitHeader is not null)
            _hash.AppendData(_gitHeader);
        return hex;
    }

    public void Dispose() => _hash.Dispose();
}
