using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A cache this tool did not write (or that someone edited by hand): dangling links, plain files, folders
/// or wrong links where links belong, blobs of the wrong size or that are links, files where folders belong.
/// The next run repairs what is safe to repair and reports the rest in one line; it never crashes.
/// (A blob of the right size but the wrong content is trusted by downloads, like huggingface_hub does; `verify` re-hashes.)
/// </summary>
[Timeout(60_000)]
public sealed class HostileCacheTests
{
    [Test]
    public async Task DanglingLinks_BlobsDeleted_BlobsFetchedAgainAndLinksResolve(CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        foreach (var blob in Directory.GetFiles(DownloadedCache.Folder(cli, "blobs")))
            File.Delete(blob);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }

    [Test]
    [Arguments("file")]
    [Arguments("directory")]
    [Arguments("wrong link")]
    [Arguments("absolute link")]
    public async Task SnapshotEntry_NotTheRightLink_ReplacedByTheRelativeLink(string kind, CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        var entry = Path.Combine(DownloadedCache.Folder(cli, "snapshots"), repo.Commit, "w.bin");
        File.Delete(entry);
        switch (kind)
        {
            case "file": File.WriteAllText(entry, "a copy someone made"); break;
            case "directory": Directory.CreateDirectory(Path.Combine(entry, "inside")); break;
            case "wrong link": File.CreateSymbolicLink(entry, "../../blobs/" + repo.GitSha1Of("config.json")); break;
            default: File.CreateSymbolicLink(entry, Path.Combine(DownloadedCache.Folder(cli, "blobs"), repo.Sha256Of("w.bin"))); break;
        }

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(CdnRequests(hub)).IsEqualTo(0);
    }

    [Test]
    [Arguments("shorter")]
    [Arguments("longer")]
    [Arguments("link")]
    public async Task Blob_WrongSizeOrALink_FetchedAgainAndReplaced(string kind, CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        var blob = Path.Combine(DownloadedCache.Folder(cli, "blobs"), repo.Sha256Of("w.bin"));
        var outside = Path.Combine(cli.Root, "outside.bin");
        File.WriteAllBytes(outside, repo.GetContent("w.bin"));
        File.Delete(blob);
        switch (kind)
        {
            case "shorter": File.WriteAllBytes(blob, repo.GetContent("w.bin")[..1000]); break;
            case "longer": File.WriteAllBytes(blob, [.. repo.GetContent("w.bin"), 0]); break;
            default: File.CreateSymbolicLink(blob, outside); break;
        }

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(new FileInfo(blob).LinkTarget).IsNull();
        await Assert.That(CacheCheck.Sha256OfFile(outside)).IsEqualTo(repo.Sha256Of("w.bin"));
    }

    [Test]
    [Arguments("blobs")]
    [Arguments("snapshots")]
    [Arguments("incomplete")]
    public async Task CacheFolder_FileWhereAFolderBelongs_FailsInOneLineNamingIt(string what, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("w.bin", 20_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var folder = Directory.CreateDirectory(Path.Combine(cli.HubCache, "models--org--model")).FullName;
        var blocker = what switch
        {
            "blobs" => Path.Combine(folder, "blobs"),
            "snapshots" => Path.Combine(folder, "snapshots"),
            _ => Path.Combine(folder, "blobs", repo.Sha256Of("w.bin") + ".incomplete"),
        };
        if (what == "incomplete")
            Directory.CreateDirectory(Path.Combine(blocker, "x"));
        else
            File.WriteAllText(blocker, "in the way");

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(what == "snapshots" ? "snapshots" : "blobs");
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(result.All).DoesNotContain("unexpected");
    }

    private static int CdnRequests(HubServer hub) => hub.Requests.Count(r => r.Host == FakeHost.Cdn);
}
