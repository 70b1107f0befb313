using System.Collections.Immutable;
using System.Text;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// A repo on the fake hub. It has one current commit that every branch points to; <see cref="SetCommit"/>
/// simulates a push: the old commit keeps its files (still downloadable by sha) and the new commit starts
/// as a copy that later AddFile/RemoveFile calls change. Its history: <see cref="History"/> lists every commit,
/// <see cref="PinBranch"/> keeps a branch on an older one, <see cref="AfterNextRevisionAnswer"/> pushes between
/// two requests of one client run. All members are thread-safe.
/// </summary>
public sealed class FakeRepo
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _branches = new(StringComparer.Ordinal) { "main" };
    private readonly Dictionary<string, RepoSnapshot> _pastCommits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pinnedBranches = new(StringComparer.Ordinal);
    private readonly List<string> _history = [];
    private readonly Queue<Action<FakeRepo>> _afterRevisionAnswer = new();
    private RepoSnapshot _current;

    private readonly Xet.FakeCas? _cas;

    internal FakeRepo(string id, string type, Xet.FakeCas? cas = null)
    {
        _cas = cas;
        Id = id;
        Type = type;
        _current = new RepoSnapshot(HubHashes.Sha1Hex($"fake-commit:{type}/{id}"), ImmutableSortedDictionary.Create<string, FakeFile>(StringComparer.Ordinal));
    }

    public string Id { get; }

    /// <summary><c>model</c> or <c>dataset</c>.</summary>
    public string Type { get; }

    public string Commit => Current.Commit;

    public bool Gated { get; set; }

    /// <summary>What the revision JSON reports as <c>gated</c> when <see cref="Gated"/> is set.</summary>
    public string GatedMode { get; set; } = "manual";

    public bool Private { get; set; }

    public bool Disabled { get; set; }

    /// <summary>
    /// Whether the repo's LFS files are stored in Xet, as on today's Hub: the tree listing then gives each LFS file an
    /// <c>xetHash</c> and /resolve/ adds <c>X-Xet-Hash</c> and a <c>rel="xet-auth"</c> link. False gives a plain LFS repo.
    /// </summary>
    public bool XetBacked { get; set; } = true;

    public DateTimeOffset LastModified { get; set; } = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Tokens that may read this repo when private, or download from it when gated.</summary>
    public TokenSet ApprovedTokens { get; } = new();

    public IReadOnlyCollection<string> Branches
    {
        get { lock (_gate) { return [.. _branches]; } }
    }

    public IReadOnlyList<string> Paths => [.. Current.Files.Keys];

    internal RepoSnapshot Current
    {
        get { lock (_gate) { return _current; } }
    }

    public FakeRepo AddBranch(string name)
    {
        lock (_gate) { _branches.Add(name); }
        return this;
    }

    public FakeRepo SetCommit(string sha)
    {
        if (sha.Length != 40 || !sha.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A commit is 40 lowercase hex digits.", nameof(sha));
        }

        lock (_gate)
        {
            _pastCommits[_current.Commit] = _current;
            _history.Add(_current.Commit);
            _current = _current with { Commit = sha };
        }

        return this;
    }

    /// <summary>Every commit of the repo, oldest first, the current one last: each stays reachable by its hash.</summary>
    public IReadOnlyList<string> History
    {
        get { lock (_gate) { return [.. _history, _current.Commit]; } }
    }

    /// <summary>
    /// Points <paramref name="branch"/> at a known commit (an old one, or the current one) and keeps it there when
    /// later pushes (<see cref="SetCommit"/>) move the other branches; the branch need not exist yet.
    /// </summary>
    public FakeRepo PinBranch(string branch, string commit)
    {
        lock (_gate)
        {
            if (commit != _current.Commit && !_pastCommits.ContainsKey(commit))
            {
                throw new ArgumentException($"{commit} is not a commit of {Id}.", nameof(commit));
            }

            _pinnedBranches[branch] = commit;
        }

        return this;
    }

    /// <summary>
    /// Runs <paramref name="push"/> once, right after the next revision answer (<c>/api/…/revision/{rev}</c>) of this
    /// repo has been sent: a branch that moves between two requests of one client run, as on a busy Hub.
    /// </summary>
    public FakeRepo AfterNextRevisionAnswer(Action<FakeRepo> push)
    {
        lock (_gate) { _afterRevisionAnswer.Enqueue(push); }
        return this;
    }

    /// <summary>Called by the API server once a revision answer went out: runs the queued push, if any.</summary>
    internal void RevisionAnswered()
    {
        Action<FakeRepo>? push;
        lock (_gate) { _afterRevisionAnswer.TryDequeue(out push); }
        push?.Invoke(this);
    }

    public FakeRepo AddFile(string path, byte[] content, bool lfs = false) =>
        Put(new FakeFile(path, FakeContent.FromBytes([.. content]), lfs));

    public FakeRepo AddFile(string path, string text, bool lfs = false) => AddFile(path, Encoding.UTF8.GetBytes(text), lfs);

    /// <summary>Adds generated content equal to <c>FakeHubContent.Random(size, seed)</c>; the default seed derives from the path.</summary>
    public FakeRepo AddFile(string path, long size, bool lfs = true, int? seed = null) =>
        Put(new FakeFile(path, FakeContent.FromSeed(size, seed ?? PathSeed(path)), lfs));

    /// <summary>
    /// Adds a Xet-stored LFS file: the bytes, sha256 and xet hash of fixture <paramref name="fileId"/> of
    /// <paramref name="fixtures"/> (made by the JS library, see <see cref="Xet.XetOracle"/>), its xorbs put into the hub's
    /// CAS. The listing then gives its real <c>xetHash</c>, /resolve/ adds the Xet headers and both <c>Link</c> rels (and
    /// answers the JS client's <c>Accept: application/vnd.xet-fileinfo+json</c>), and the 302 to the CDN still serves the
    /// plain bytes (the bridge path). Works whatever <see cref="XetBacked"/> says.
    /// </summary>
    public FakeRepo AddXetFile(string path, Xet.XetFixtureSet fixtures, string fileId)
    {
        var file = fixtures.File(fileId);
        (_cas ?? throw new InvalidOperationException("This repo belongs to no hub with a CAS.")).Add(fixtures, file);
        return Put(new FakeFile(path, FakeContent.FromBytes(file.Content), lfs: true, file));
    }

    /// <summary>The Xet fixture behind a file added with <see cref="AddXetFile"/>; null for other files.</summary>
    public Xet.XetFixtureFile? XetFixtureOf(string path) => File(path).Xet;

    public bool RemoveFile(string path)
    {
        lock (_gate)
        {
            var before = _current.Files;
            _current = _current with { Files = before.Remove(path) };
            return before.Count != _current.Files.Count;
        }
    }

    /// <summary>The content of a file at the current commit (throws for files too large for an array).</summary>
    public byte[] GetContent(string path) => File(path).Content.ToArray();

    public long SizeOf(string path) => File(path).Size;

    public string Sha256Of(string path) => File(path).Content.Sha256;

    /// <summary>Git blob sha1 of the content itself, whether or not the file is stored in LFS.</summary>
    public string GitSha1Of(string path) => File(path).Content.GitSha1;

    /// <summary>Whether the file is stored in LFS (the listing then carries <c>lfs</c> and the download is a 302 to the CDN).</summary>
    public bool IsLfs(string path) => File(path).Lfs;

    /// <summary>The <c>xetHash</c> the tree listing gives the file: null for regular files and in a repo that is not Xet-backed.</summary>
    public string? XetHashOf(string path) => XetHash(File(path));

    /// <summary>The tree listing's <c>oid</c>: the pointer's git sha1 for LFS files, else <see cref="GitSha1Of"/>.</summary>
    public string OidOf(string path) => File(path).Oid;

    /// <summary>Maps a branch name or a known commit (current or pushed over) to its files; null when unknown.</summary>
    internal RepoSnapshot? Resolve(string revision)
    {
        lock (_gate)
        {
            if (_pinnedBranches.TryGetValue(revision, out var pinned))
            {
                return pinned == _current.Commit ? _current : _pastCommits[pinned];
            }

            if (_branches.Contains(revision) || revision == _current.Commit)
            {
                return _current;
            }

            return _pastCommits.GetValueOrDefault(revision);
        }
    }

    /// <summary>
    /// The real xet hash of a file added with <see cref="AddXetFile"/>; for other LFS files of a <see cref="XetBacked"/>
    /// repo a stand-in (see <see cref="HubHashes.XetHash"/>) that the CAS does not know (it answers 404 for it).
    /// </summary>
    internal string? XetHash(FakeFile file) => file.Xet?.XetHash ?? (file.Lfs && XetBacked ? HubHashes.XetHash(file.Content.Sha256) : null);

    private FakeFile File(string path) =>
        Current.Files.TryGetValue(path, out var file) ? file : throw new KeyNotFoundException($"No file '{path}' in {Id}.");

    private FakeRepo Put(FakeFile file)
    {
        if (file.Path.Length == 0 || file.Path.StartsWith('/') || file.Path.EndsWith('/') || file.Path.Contains("//"))
        {
            throw new ArgumentException($"Bad repo path '{file.Path}'.", nameof(file));
        }

        lock (_gate) { _current = _current with { Files = _current.Files.SetItem(file.Path, file) }; }
        return this;
    }

    private static int PathSeed(string path) => BitConverter.ToInt32(Convert.FromHexString(HubHashes.Sha1Hex(path)), 0);
}
