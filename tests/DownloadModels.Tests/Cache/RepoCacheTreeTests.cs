using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Cache;

/// <summary>trees/{commit}.json is huggingface_hub's file: written in its format, never rewritten with less.</summary>
public sealed class RepoCacheTreeTests
{
    private const string Commit = "2439f60ef33a0d46d85da5001d52aeda5a0ce1e5";
    private const string Sha1 = "b45ef6fec89518d314f546fd6c3025367b721684";

    private static readonly RepoFile Config = new("config.json", 13, Sha1, null);

    private static string LegacyJson(RepoFile file) =>
        $$"""[{"type":"file","oid":"{{file.GitOid}}","size":{{file.Size}},"path":"{{file.Path}}"}]""";

    private static RepoCache NewRepo(TempFolder temp) => new HubCache(temp.Path).Repo(new RepoId(RepoType.Model, "org/name"));

    private static void Put(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Test]
    public async Task SaveTree_NoFile_WritesHuggingfaceHubFormat()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);

        repo.SaveTree(Commit, [Config]);

        await Assert.That(File.ReadAllBytes(repo.TreePath(Commit))).IsEquivalentTo(SavedTree.Serialize([Config]));
        await Assert.That(repo.ReadTree(Commit).Format).IsEqualTo(SavedTreeFormat.Current);
    }

    [Test]
    public async Task SaveTree_ValidFileWithMoreFiles_LeftByteIdentical()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var existing = SavedTree.Serialize([Config, new RepoFile("README.md", 4, "0123456789abcdef0123456789abcdef01234567", null)]);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.TreePath(Commit))!);
        File.WriteAllBytes(repo.TreePath(Commit), existing);

        repo.SaveTree(Commit, [Config]);

        await Assert.That(File.ReadAllBytes(repo.TreePath(Commit))).IsEquivalentTo(existing);
    }

    [Test]
    public async Task SaveTree_UnknownFormatVersion_LeftAlone()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        const string newer = """{"format_version": 7, "files": {}}""";
        Put(repo.TreePath(Commit), newer);

        repo.SaveTree(Commit, [Config]);

        await Assert.That(File.ReadAllText(repo.TreePath(Commit))).IsEqualTo(newer);
    }

    [Test]
    [Arguments("legacy")]
    [Arguments("{ cut short")]
    public async Task SaveTree_LegacyOrUnreadable_Replaced(string content)
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Put(repo.TreePath(Commit), content == "legacy" ? LegacyJson(Config) : content);

        repo.SaveTree(Commit, [Config]);

        await Assert.That(repo.ReadTree(Commit).Format).IsEqualTo(SavedTreeFormat.Current);
    }

    [Test]
    public async Task ReadTree_FolderInItsPlace_Unreadable()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Directory.CreateDirectory(repo.TreePath(Commit));

        await Assert.That(repo.ReadTree(Commit).Format).IsEqualTo(SavedTreeFormat.Unreadable);
    }
}
