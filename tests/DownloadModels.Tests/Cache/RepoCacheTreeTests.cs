using System.Text;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Cache;

/// <summary>trees/{commit}.json is huggingface_hub's file: written in its format, never rewritten with less.</summary>
public sealed class RepoCacheTreeTests
{
    private const string Commit = "2439f60ef33a0d46d85da5001d52aeda5a0ce1e5";
    private const string OtherCommit = "0000000000000000000000000000000000000001";
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
    public async Task LoadTree_Legacy_StillGivesItsFiles()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Put(repo.TreePath(Commit), LegacyJson(Config));

        await Assert.That(repo.LoadTree(Commit)!.Single()).IsEqualTo(Config);
    }

    [Test]
    public async Task ReadTree_FolderInItsPlace_Unreadable()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Directory.CreateDirectory(repo.TreePath(Commit));

        await Assert.That(repo.ReadTree(Commit).Format).IsEqualTo(SavedTreeFormat.Unreadable);
    }

    [Test]
    public async Task MigrateLegacyTrees_TwoLegacyOneCurrentOneStray_RewritesOnlyTheLegacyOnes()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Put(repo.TreePath(Commit), LegacyJson(Config));
        Put(repo.TreePath(OtherCommit), LegacyJson(Config));
        var third = new string('2', 40);
        var current = SavedTree.Serialize([Config]);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.TreePath(third))!);
        File.WriteAllBytes(repo.TreePath(third), current);
        var stray = Path.Combine(repo.Folder, "trees", "notes.json");
        Put(stray, LegacyJson(Config));

        var migrated = repo.MigrateLegacyTrees();

        await Assert.That(migrated).IsEqualTo(2);
        await Assert.That(File.ReadAllBytes(repo.TreePath(Commit))).IsEquivalentTo(current);
        await Assert.That(File.ReadAllBytes(repo.TreePath(OtherCommit))).IsEquivalentTo(current);
        await Assert.That(File.ReadAllText(stray)).IsEqualTo(LegacyJson(Config));
        await Assert.That(Encoding.UTF8.GetString(File.ReadAllBytes(repo.TreePath(third)))).IsEqualTo(Encoding.UTF8.GetString(current));
    }
}
