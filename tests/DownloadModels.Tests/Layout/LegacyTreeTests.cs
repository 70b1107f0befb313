using DownloadModels.Cache;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Layout;

/// <summary>
/// Caches our earlier releases touched hold trees/{commit}.json as an array, which huggingface_hub
/// 1.22+ crashes on: a run that touches the repo rewrites them, verify reports them, --repair fixes them.
/// </summary>
public sealed class LegacyTreeTests
{
    [Test]
    public async Task Get_RepoWithLegacyTrees_EveryOneRewrittenInHuggingfaceHubFormat()
    {
        var (hub, _, cli, cache) = await VerifyCommandTests.DownloadedWhisperAsync();
        await using var _1 = hub;
        using var _2 = cli;
        LegacyTree.Rewrite(cache.Tree);
        var older = Path.Combine(cache.Folder, "trees", new string('7', 40) + ".json");
        File.Copy(cache.Tree, older);
        hub.ClearRequests();

        var result = await cli.RunAsync("--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(LegacyTree.FormatOf(cache.Tree)).IsEqualTo(SavedTreeFormat.Current);
        await Assert.That(LegacyTree.FormatOf(older)).IsEqualTo(SavedTreeFormat.Current);
        var fileRequests = hub.Requests.Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal));
        await Assert.That(fileRequests).IsEmpty();
    }

    [Test]
    public async Task GetOffline_RepoWithLegacyTree_SucceedsAndRewritesIt()
    {
        var (hub, _, cli, cache) = await VerifyCommandTests.DownloadedWhisperAsync();
        await using var _1 = hub;
        using var _2 = cli;
        LegacyTree.Rewrite(cache.Tree);

        var result = await cli.RunAsync("--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(LegacyTree.FormatOf(cache.Tree)).IsEqualTo(SavedTreeFormat.Current);
    }

    [Test]
    public async Task VerifyOffline_LegacyTree_ReportedAsTreeProblem()
    {
        var (hub, _, cli, cache) = await VerifyCommandTests.DownloadedWhisperAsync();
        await using var _1 = hub;
        using var _2 = cli;
        LegacyTree.Rewrite(cache.Tree);
        var before = File.ReadAllBytes(cache.Tree);

        var result = await cli.RunAsync("verify", "--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "tree")).Contains("old format, which huggingface_hub 1.22 and later crash on");
        await Assert.That(File.ReadAllBytes(cache.Tree)).IsEquivalentTo(before).Because("verify never writes without --repair");
    }

    [Test]
    public async Task VerifyRepair_LegacyTree_RewrittenThenOk()
    {
        var (hub, _, cli, cache) = await VerifyCommandTests.DownloadedWhisperAsync();
        await using var _1 = hub;
        using var _2 = cli;
        LegacyTree.Rewrite(cache.Tree);

        var result = await cli.RunAsync("verify", "--only", "stt", "--repair");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(LegacyTree.FormatOf(cache.Tree)).IsEqualTo(SavedTreeFormat.Current);
    }

    [Test]
    public async Task List_LegacyTree_ReportsOldTreeFormat()
    {
        var (hub, _, cli, cache) = await VerifyCommandTests.DownloadedWhisperAsync();
        await using var _1 = hub;
        using var _2 = cli;
        LegacyTree.Rewrite(cache.Tree);

        var result = await cli.RunAsync("list", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("\"kind\": \"old-tree-format\"");
    }

    [Test]
    public async Task Unpack_BundleWithLegacyTree_CacheGetsHuggingfaceHubFormat()
    {
        var (hub, _, cli, cache) = await VerifyCommandTests.DownloadedWhisperAsync();
        await using var _1 = hub;
        using var _2 = cli;
        var bundle = Path.Combine(cli.Root, "old.tar.zst");
        var pack = await cli.RunAsync("pack", bundle, "--only", "stt", "--offline");
        using var target = new CliHarness(hub.ApiUrl);
        // A bundle of an earlier release: same entries, the tree in the old format.
        var oldBundle = await BundleRewriter.WithLegacyTreesAsync(bundle, Path.Combine(cli.Root, "legacy.tar.zst"));

        var unpack = await target.RunAsync("unpack", oldBundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        var tree = Path.Combine(target.HubCache, Path.GetRelativePath(cli.HubCache, cache.Tree));
        await Assert.That(LegacyTree.FormatOf(tree)).IsEqualTo(SavedTreeFormat.Current);
        await Assert.That((await target.RunAsync("verify", "--only", "stt", "--offline")).ExitCode).IsEqualTo(0);
    }
}
