
namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Refs and saved listings the tool did not write: a ref with a newline or spaces is read as huggingface_hub reads it
/// and rewritten clean; a ref with garbage is "not cached" offline and repaired online; a ref that is a folder is
/// reported in one line; an unreadable trees/{commit}.json is replaced by the next online run.
/// </summary>
[Timeout(60_000)]
public sealed class HostileRefTests
{
    [Test]
    [Arguments("{commit}\n")]
    [Arguments("  {commit}  \r\n")]
    public async Task Ref_WithNewlineOrSpaces_ReadOfflineAndRewrittenCleanOnline(string content, CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        var refPath = DownloadedCache.MainRef(cli);
        File.WriteAllText(refPath, content.Replace("{commit}", repo.Commit, StringComparison.Ordinal));

        var offline = await cli.RunAsync(["get", "org/model", "--offline"], ct);
        var online = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(offline.ExitCode).IsEqualTo(0).Because(offline.ToString());
        await Assert.That(online.ExitCode).IsEqualTo(0).Because(online.ToString());
        await Assert.That(File.ReadAllText(refPath)).IsEqualTo(repo.Commit);
    }

    [Test]
    [Arguments("garbage")]
    [Arguments("../../../../etc/passwd")]
    [Arguments("\0\0\0\0")]
    [Arguments("")]
    public async Task Ref_Garbage_OfflineSaysNotCachedOnlineRepairs(string content, CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        var refPath = DownloadedCache.MainRef(cli);
        File.WriteAllText(refPath, content);

        var offline = await cli.RunAsync(["get", "org/model", "--offline"], ct);
        var online = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(offline.ExitCode).IsEqualTo(1).Because(offline.ToString());
        await Assert.That(offline.StdErr).Contains("not in the cache");
        await Assert.That(offline.All).DoesNotContain("   at ");
        await Assert.That(online.ExitCode).IsEqualTo(0).Because(online.ToString());
        await Assert.That(File.ReadAllText(refPath)).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Ref_IsADirectory_ReportedInOneLineOtherFilesKept(CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        var refPath = DownloadedCache.MainRef(cli);
        File.Delete(refPath);
        Directory.CreateDirectory(Path.Combine(refPath, "x"));

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(refPath);
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }

    [Test]
    [Arguments("not json at all")]
    [Arguments("""[{"type": "file", "path": "../../x", "oid": "0123456789abcdef0123456789abcdef01234567", "size": 1}]""")]
    public async Task SavedTree_Unreadable_RewrittenOnTheNextOnlineRun(string content, CancellationToken ct)
    {
        await using var cache = await DownloadedCache.CreateAsync(ct);
        var (hub, repo, cli) = cache;
        var tree = Path.Combine(DownloadedCache.Folder(cli, "trees"), repo.Commit + ".json");
        File.WriteAllText(tree, content);

        var offlineBefore = await cli.RunAsync(["get", "org/model", "--offline"], ct);
        var online = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(offlineBefore.ExitCode).IsEqualTo(0).Because(offlineBefore.ToString());
        await Assert.That(online.ExitCode).IsEqualTo(0).Because(online.ToString());
        await Assert.That(File.ReadAllText(tree)).Contains("\"w.bin\"");
    }
}
