using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;
using DownloadModels.Tests.LocalDir;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>--force-download: what the cache (or a local dir) holds is fetched and verified again, once per run.</summary>
public sealed class ForceDownloadTests
{
    [Test]
    public async Task Get_ForceDownloadOnACompleteCache_FetchesEveryFileAgainAndLeavesTheSameLayout()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.Cli.RunAsync("get", "org/model")).ExitCode).IsEqualTo(0);
        var layout = f.Cli.Layout();
        var mark = f.Hub.Requests.Count;

        var result = await f.Cli.RunAsync("get", "org/model", "--force-download");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var fetched = f.ContentFetchesSince(mark).Where(r => r.Status is 200 or 206).ToArray();
        foreach (var path in f.Repo.Paths)
            await Assert.That(fetched.Any(r => Uri.UnescapeDataString(r.PathAndQuery).Contains(path, StringComparison.Ordinal) || r.Host == FakeHost.Cdn)).IsTrue().Because(path);
        await Assert.That(fetched.Sum(r => r.BodyBytesSent)).IsGreaterThanOrEqualTo(f.Repo.Paths.Sum(f.Repo.SizeOf));
        await Assert.That(f.Cli.Layout()).IsEquivalentTo(layout);
    }

    [Test]
    public async Task Get_ForceDownloadTwoFilesOneBlob_FetchesTheBlobOnce()
    {
        await using var hub = await HubServer.StartAsync();
        var content = FakeHubContent.Random(200_000, 5);
        hub.AddRepo("org/twins").AddFile("a.bin", content, lfs: true).AddFile("b.bin", content, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync("get", "org/twins")).ExitCode).IsEqualTo(0);
        var mark = hub.Requests.Count;

        var result = await cli.RunAsync("get", "org/twins", "--force-download");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(hub.Requests.Skip(mark).Where(r => r.Host == FakeHost.Cdn).Sum(r => r.BodyBytesSent)).IsEqualTo(200_000);
    }

    [Test]
    public async Task Get_ForceDownloadLocalDir_FetchesAgainAndRewritesMetadata()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.GetAsync()).ExitCode).IsEqualTo(0);
        var mark = f.Hub.Requests.Count;

        var result = await f.GetAsync("--force-download");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(f.ContentFetchesSince(mark).Where(r => r.Host == FakeHost.Cdn).Sum(r => r.BodyBytesSent)).IsEqualTo(f.Repo.SizeOf("weights.bin"));
        foreach (var path in f.Repo.Paths)
            await Assert.That(await File.ReadAllBytesAsync(Path.Combine(f.Dir, path))).IsEquivalentTo(f.Repo.GetContent(path));
    }

    [Test]
    public async Task Get_ForceDownloadDryRun_ReportsEveryByteToFetch()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.Cli.RunAsync("get", "org/model")).ExitCode).IsEqualTo(0);

        var plain = await f.Cli.RunAsync("get", "org/model", "--dry-run");
        var forced = await f.Cli.RunAsync("get", "org/model", "--dry-run", "--force-download");

        await Assert.That(plain.StdOut).Contains("to fetch 0 B");
        await Assert.That(forced.ExitCode).IsEqualTo(0).Because(forced.ToString());
        await Assert.That(forced.StdOut).Contains("cached   0 B");
        await Assert.That(forced.StdOut).Contains("to fetch 300 kB");
    }

    [Test]
    public async Task ForceDownload_Offline_ExitsTwo()
    {
        await using var f = await LocalDirFixture.StartAsync();

        var flag = await f.Cli.RunAsync("get", "org/model", "--force-download", "--offline");
        var variable = await f.Cli.Env("HF_HUB_OFFLINE", "1").RunAsync("get", "org/model", "--force-download");

        await Assert.That(flag.ExitCode).IsEqualTo(2).Because(flag.ToString());
        await Assert.That(flag.StdErr).Contains("--force-download");
        await Assert.That(variable.ExitCode).IsEqualTo(2).Because(variable.ToString());
        await Assert.That(variable.StdErr).Contains("HF_HUB_OFFLINE");
    }

    [Test]
    public async Task Get_ForceDownloadBlobInSharedStore_StoreLinkAndContentKept()
    {
        await using var f = await LocalDirFixture.StartAsync();
        await Assert.That((await f.Cli.RunAsync("get", "org/model")).ExitCode).IsEqualTo(0);
        var moved = SharedStoreConverter.Convert(f.Cli.HubCache);
        var (link, stored) = moved.Single();
        var target = new FileInfo(link).LinkTarget;
        var mark = f.Hub.Requests.Count;

        var result = await f.Cli.RunAsync("get", "org/model", "--force-download");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("shared blob store");
        await Assert.That(new FileInfo(link).LinkTarget).IsEqualTo(target);
        await Assert.That(File.Exists(stored)).IsTrue();
        await Assert.That(f.ContentFetchesSince(mark).Any(r => r.Host == FakeHost.Cdn)).IsFalse();
    }
}
