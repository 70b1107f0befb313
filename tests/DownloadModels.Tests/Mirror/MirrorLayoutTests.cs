using DownloadModels.Mirror;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Mirror;

public sealed class MirrorLayoutTests
{
    private static readonly MirrorLayout Layout = new("/srv/mirror");
    private static readonly RepoId Model = new(RepoType.Model, "org/m");
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Test]
    public async Task Paths_Model_AreTheHubsUrlPaths()
    {
        await Assert.That(Layout.RevisionPaths(Model, "main").ToArray()).IsEquivalentTo(["/srv/mirror/api/models/org/m/revision/main"]);
        await Assert.That(Layout.TreePaths(Model, Commit).ToArray()).IsEquivalentTo([$"/srv/mirror/api/models/org/m/tree/{Commit}"]);
        await Assert.That(Layout.FilePath(Model, Commit, "1_Pooling/config.json")).IsEqualTo($"/srv/mirror/org/m/resolve/{Commit}/1_Pooling/config.json");
    }

    [Test]
    public async Task Paths_Dataset_CarryTheTypePrefix()
    {
        var dataset = new RepoId(RepoType.Dataset, "org/d");

        await Assert.That(Layout.ApiFolder(dataset)).IsEqualTo("/srv/mirror/api/datasets/org/d");
        await Assert.That(Layout.FilePath(dataset, Commit, "x.csv")).IsEqualTo($"/srv/mirror/datasets/org/d/resolve/{Commit}/x.csv");
    }

    [Test]
    public async Task RevisionPaths_WithSlash_DecodedAndLiteralSpellings()
    {
        await Assert.That(Layout.RevisionPaths(Model, "refs/pr/1").ToArray()).IsEquivalentTo(
            ["/srv/mirror/api/models/org/m/revision/refs/pr/1", "/srv/mirror/api/models/org/m/revision/refs%2Fpr%2F1"]);
    }

    [Test]
    public async Task RevisionLinks_WithSlash_RelativeTargetsReachTheCommitFolder()
    {
        var links = Layout.RevisionLinks(Model, "refs/pr/1", Commit);

        await Assert.That(links.ToArray()).IsEquivalentTo(new[]
        {
            ("/srv/mirror/org/m/resolve/refs/pr/1", $"../../{Commit}"),
            ("/srv/mirror/org/m/resolve/refs%2Fpr%2F1", Commit),
        });
        foreach (var (link, target) in links)
            await Assert.That(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, target))).IsEqualTo(Layout.CommitFolder(Model, Commit));
    }

    [Test]
    [Arguments("/srv/mirror", true)]
    [Arguments("/srv/mirror/", true)]
    [Arguments("/srv/mirror/hub", true)]
    [Arguments("/srv/mirror-2", false)]
    [Arguments("/srv", false)]
    public async Task Contains_Path_OnlyTheFolderAndBelow(string path, bool expected)
    {
        await Assert.That(Layout.Contains(path)).IsEqualTo(expected);
    }
}
