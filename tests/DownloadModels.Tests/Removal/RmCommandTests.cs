using DownloadModels.Tests.Interop;
using DownloadModels.Units;

namespace DownloadModels.Tests.Removal;

/// <summary>`rm REPO[@REVISION]`: what goes, what stays, the locks, the links, and what is refused.</summary>
public sealed class RmCommandTests
{
    [Test]
    public async Task Rm_WholeRepo_RemovesItsFolderOnlyAndPrintsWhatItFreed()
    {
        await using var f = await CleanupFixture.StartAsync();
        var bytes = Directory.EnumerateFiles(f.Folder, "*", SearchOption.AllDirectories).Select(p => new FileInfo(p)).Where(i => i.LinkTarget is null).Sum(i => i.Length);

        var result = await f.Cli.RunAsync("rm", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Folder)).IsFalse();
        await Assert.That(Directory.Exists(f.OtherFolder)).IsTrue();
        await Assert.That(result.StdOut).Contains("org/model: removed the whole repo (2 revisions (");
        await Assert.That(result.StdOut).Contains($"Freed {ByteSize.Format(bytes)}.");
    }

    [Test]
    public async Task Rm_OneCommit_RemovesItsSnapshotAndOwnBlobKeepsSharedBlobsAndRefs()
    {
        await using var f = await CleanupFixture.StartAsync();

        var result = await f.Cli.RunAsync("rm", $"org/model@{f.CommitA}");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Snapshot(f.CommitA))).IsFalse();
        await Assert.That(File.Exists(f.Blob(f.ConfigBlobA))).IsFalse();
        await Assert.That(File.Exists(f.Blob(f.ConfigBlobB))).IsTrue();
        await Assert.That(File.Exists(f.Blob(f.Repo.Sha256Of("w.bin")))).IsTrue();
        await Assert.That(File.Exists(Path.Combine(f.Folder, "trees", f.CommitA + ".json"))).IsFalse();
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(f.Folder, "refs", "main"))).IsEqualTo(CleanupFixture.CommitB);
        await Assert.That(result.StdOut).Contains("1 revision (");
        await Assert.That(result.StdOut).Contains("1 blob;");
    }

    [Test]
    public async Task Rm_ByRefName_RemovesTheCommitItNamesAndTheRef()
    {
        await using var f = await CleanupFixture.StartAsync();

        var result = await f.Cli.RunAsync("rm", "org/model@main");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Snapshot(CleanupFixture.CommitB))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(f.Folder, "refs", "main"))).IsFalse();
        await Assert.That(Directory.Exists(f.Snapshot(f.CommitA))).IsTrue();
        await Assert.That(File.Exists(f.Blob(f.ConfigBlobB))).IsFalse();
        await Assert.That(File.Exists(f.Blob(f.ConfigBlobA))).IsTrue();
    }

    [Test]
    public async Task Rm_DryRun_ChangesNothingAndFreesWhatTheRealRunFrees()
    {
        await using var f = await CleanupFixture.StartAsync();
        var before = f.Cli.Layout();

        var dryRun = await f.Cli.RunAsync("rm", "org/model", "--dry-run");
        var after = f.Cli.Layout();
        var real = await f.Cli.RunAsync("rm", "org/model");

        await Assert.That(dryRun.ExitCode).IsEqualTo(0).Because(dryRun.ToString());
        await Assert.That(after).IsEquivalentTo(before);
        await Assert.That(dryRun.StdOut).Contains("would remove the whole repo");
        await Assert.That(dryRun.StdOut).Contains("nothing was removed");
        var freed = real.StdOut.Split('\n').Single(l => l.StartsWith("Freed ", StringComparison.Ordinal))["Freed ".Length..].TrimEnd('.');
        await Assert.That(dryRun.StdOut).Contains($"would free {freed};");
    }

    [Test]
    public async Task Rm_RunningDownloadHoldsABlobLock_RemovesNothing()
    {
        await using var f = await CleanupFixture.StartAsync();
        var before = f.Cli.Layout();
        var etag = f.Repo.Sha256Of("w.bin");
        await using (var held = new FileStream(f.LockPath(etag), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = await f.Cli.RunAsync("rm", "org/model");

            await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
            await Assert.That(result.StdOut).Contains("in use: a running download holds");
        }

        var layout = f.Cli.Layout();
        await Assert.That(layout.Where(l => !l.StartsWith(".locks", StringComparison.Ordinal))).IsEquivalentTo(before.Where(l => !l.StartsWith(".locks", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Rm_NotInTheCache_ExitsZeroAndSaysSo()
    {
        await using var f = await CleanupFixture.StartAsync();

        var repo = await f.Cli.RunAsync("rm", "org/absent");
        var revision = await f.Cli.RunAsync("rm", "org/model@v9");

        await Assert.That(repo.ExitCode).IsEqualTo(0).Because(repo.ToString());
        await Assert.That(repo.StdOut).Contains("org/absent: not in the cache");
        await Assert.That(revision.StdOut).Contains("no revision 'v9' in the cache");
        await Assert.That(Directory.Exists(f.Folder)).IsTrue();
    }

    [Test]
    [Arguments("../../etc")]
    [Arguments("org/model/extra")]
    [Arguments("models--org--model")]
    [Arguments("org/model@../../x")]
    [Arguments("hf://org/model/config.json")]
    [Arguments("")]
    public async Task Rm_NotARepoId_UsageExitRemovingNothing(string target)
    {
        await using var f = await CleanupFixture.StartAsync();
        var before = f.Cli.Layout();

        var result = await f.Cli.RunAsync("rm", target);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(f.Cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task Rm_HfUriOfADataset_RemovesThatRepo()
    {
        await using var f = await CleanupFixture.StartAsync();
        f.Hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a\n");
        await Assert.That((await f.Cli.RunAsync("get", "hf://datasets/org/data")).ExitCode).IsEqualTo(0);

        var result = await f.Cli.RunAsync("rm", "hf://datasets/org/data");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(Path.Combine(f.Cli.HubCache, "datasets--org--data"))).IsFalse();
        await Assert.That(Directory.Exists(f.Folder)).IsTrue();
    }

    [Test]
    public async Task Rm_RepoLinkedIntoSharedBlobStore_RemovesLinksNeverTheStoreContent()
    {
        await using var f = await CleanupFixture.StartAsync();
        var moved = SharedStoreConverter.Convert(f.Cli.HubCache);
        var stored = moved[f.Blob(f.Repo.Sha256Of("w.bin"))];

        var result = await f.Cli.RunAsync("rm", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Folder)).IsFalse();
        await Assert.That(File.Exists(stored)).IsTrue();
        await Assert.That(File.ReadAllBytes(stored)).IsEquivalentTo(f.Repo.GetContent("w.bin"));
        await Assert.That(result.StdOut).Contains("shared blob store");
    }

    [Test]
    public async Task Rm_LinksInsideTheRepoToOutside_OutsideUntouched()
    {
        await using var f = await CleanupFixture.StartAsync();
        var outside = Directory.CreateDirectory(Path.Combine(f.Cli.Root, "precious")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "keep.txt"), "mine");
        Directory.CreateSymbolicLink(Path.Combine(f.Snapshot(CleanupFixture.CommitB), "evil"), outside);
        File.CreateSymbolicLink(Path.Combine(f.Folder, "blobs", "0000000000000000000000000000000000000000"), Path.Combine(outside, "keep.txt"));

        var result = await f.Cli.RunAsync("rm", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(f.Folder)).IsFalse();
        await Assert.That(await File.ReadAllTextAsync(Path.Combine(outside, "keep.txt"))).IsEqualTo("mine");
    }

    [Test]
    public async Task Rm_RepoFolderIsALink_RefusedAndTargetUntouched()
    {
        await using var f = await CleanupFixture.StartAsync();
        var elsewhere = Path.Combine(f.Cli.Root, "elsewhere");
        Directory.Move(f.OtherFolder, elsewhere);
        Directory.CreateSymbolicLink(f.OtherFolder, elsewhere);

        var result = await f.Cli.RunAsync("rm", "org/other");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("refused");
        await Assert.That(Directory.EnumerateFileSystemEntries(elsewhere, "*", SearchOption.AllDirectories)).IsNotEmpty();
    }
}
