namespace DownloadModels.Tests.Removal;

/// <summary>`prune`: detached revisions, blobs no snapshot uses, and partials no running download holds.</summary>
public sealed class PruneCommandTests
{
    [Test]
    public async Task Prune_DetachedRevisionAndStalePartials_RemovedRefsAndTheirSnapshotsKept()
    {
        await using var f = await CleanupFixture.StartAsync();
        var stale = f.Blob(new string('e', 64) + ".incomplete");
        await File.WriteAllBytesAsync(stale, new byte[1000]);
        await File.WriteAllTextAsync(stale + ".chunks", "sidecar");
        await File.WriteAllTextAsync(stale + ".chunks.tmp", "sidecar caught half-written by a kill");
        var orphan = f.Blob(new string('f', 40));
        await File.WriteAllTextAsync(orphan, "nobody links to me");

        var result = await f.Cli.RunAsync("prune");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Snapshot(f.CommitA))).IsFalse();
        await Assert.That(File.Exists(f.Blob(f.ConfigBlobA))).IsFalse();
        await Assert.That(File.Exists(stale)).IsFalse();
        await Assert.That(File.Exists(stale + ".chunks")).IsFalse();
        await Assert.That(File.Exists(stale + ".chunks.tmp")).IsFalse();
        await Assert.That(File.Exists(orphan)).IsFalse();
        await Assert.That(Directory.Exists(f.Snapshot(CleanupFixture.CommitB))).IsTrue();
        await Assert.That(File.Exists(f.Blob(f.ConfigBlobB))).IsTrue();
        await Assert.That(File.Exists(f.Blob(f.Repo.Sha256Of("w.bin")))).IsTrue();
        await Assert.That(Directory.Exists(f.OtherFolder)).IsTrue();
        await Assert.That(result.StdOut).Contains("org/model: removed 1 revision");
        await Assert.That(result.StdOut).Contains("1 partial download");
    }

    [Test]
    public async Task Prune_PartialHeldByARunningDownload_Kept()
    {
        await using var f = await CleanupFixture.StartAsync();
        var etag = new string('d', 64);
        var partial = f.Blob(etag + ".incomplete");
        await File.WriteAllBytesAsync(partial, new byte[500]);
        Directory.CreateDirectory(Path.GetDirectoryName(f.LockPath(etag))!);
        await using (new FileStream(f.LockPath(etag), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = await f.Cli.RunAsync("prune");

            await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
            await Assert.That(result.StdOut).Contains($"kept     blobs/{etag}: a running download holds it");
        }

        await Assert.That(File.Exists(partial)).IsTrue();
        await Assert.That(Directory.Exists(f.Snapshot(f.CommitA))).IsFalse();
    }

    [Test]
    public async Task Prune_AgainAfterPrune_NothingToPrune()
    {
        await using var f = await CleanupFixture.StartAsync();
        await Assert.That((await f.Cli.RunAsync("prune")).ExitCode).IsEqualTo(0);
        var layout = f.Cli.Layout();

        var again = await f.Cli.RunAsync("prune");

        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(again.StdOut).Contains("Nothing to prune");
        await Assert.That(f.Cli.Layout()).IsEquivalentTo(layout);
    }

    [Test]
    public async Task Prune_RepoWithOnlyDetachedRevisions_WholeRepoGoes()
    {
        await using var f = await CleanupFixture.StartAsync();
        File.Delete(Path.Combine(f.Folder, "refs", "main"));

        var dryRun = await f.Cli.RunAsync("prune", "--dry-run");
        var result = await f.Cli.RunAsync("prune");

        await Assert.That(dryRun.StdOut).Contains("org/model: would remove the whole repo");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Folder)).IsFalse();
        await Assert.That(Directory.Exists(f.OtherFolder)).IsTrue();
    }

    [Test]
    public async Task Prune_NoCacheAtAll_NothingToPrune()
    {
        using var cli = new Cli.CliHarness();

        var result = await cli.RunAsync("prune");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("Nothing to prune");
    }
}
