using System.Diagnostics;

namespace DownloadModels.Tests.Mirror;

/// <summary>Re-runs, moved branches, offline mirroring and hard links.</summary>
public sealed class MirrorRerunTests
{
    [Test]
    public async Task Mirror_RunTwice_SecondChangesNothing()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddFile("a.json", "{}").AddFile("w.bin", 20_000, lfs: true);
        await setup.MirrorAsync("org/m");
        var before = Snapshot(setup.Dir);

        var second = await setup.MirrorAsync("org/m");

        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        await Assert.That(second.StdOut).Contains("2 already there");
        await Assert.That(Snapshot(setup.Dir)).IsEquivalentTo(before);
        await Assert.That(new FileInfo(setup.MirrorFile("org/m/resolve/main")).LinkTarget).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Mirror_Files_AreHardLinksToCacheBlobs()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddFile("w.bin", 20_000, lfs: true);

        var result = await setup.MirrorAsync("org/m");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("1 hard-linked");
        var blob = Path.Combine(setup.Source.HubCache, "models--org--m", "blobs", repo.Sha256Of("w.bin"));
        await Assert.That(await Inode(setup.MirrorFile($"org/m/resolve/{repo.Commit}/w.bin"))).IsEqualTo(await Inode(blob));
    }

    [Test]
    public async Task Mirror_BranchMoved_PointsMainAtNewCommitAndKeepsOld()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddFile("a.json", "{\"v\": 1}");
        var oldCommit = repo.Commit;
        await setup.MirrorAsync("org/m");
        repo.SetCommit(new string('b', 40)).AddFile("a.json", "{\"v\": 2}");

        var second = await setup.MirrorAsync("org/m");
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);
        var fetched = await client.RunAsync("get", "org/m");

        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        await Assert.That(fetched.ExitCode).IsEqualTo(0).Because(fetched.ToString());
        await Assert.That(new FileInfo(setup.MirrorFile("org/m/resolve/main")).LinkTarget).IsEqualTo(repo.Commit);
        await Assert.That(File.ReadAllText(setup.MirrorFile($"org/m/resolve/{oldCommit}/a.json"))).IsEqualTo("{\"v\": 1}");
        await Assert.That(File.ReadAllText(Path.Combine(client.HubCache, "models--org--m", "snapshots", repo.Commit, "a.json"))).IsEqualTo("{\"v\": 2}");
    }

    [Test]
    public async Task Mirror_OfflineWithCachedModel_MirrorsWithoutNetwork()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddFile("a.json", "{}");
        await setup.Source.RunAsync("get", "org/m");
        setup.Source.Env("HF_ENDPOINT", "http://127.0.0.1:9");

        var result = await setup.MirrorAsync("org/m", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllText(setup.MirrorFile($"org/m/resolve/{repo.Commit}/a.json"))).IsEqualTo("{}");
    }

    [Test]
    public async Task Mirror_OfflineNothingCached_ExitsWithFailedModelCount()
    {
        await using var setup = await MirrorSetup.StartAsync();

        var result = await setup.MirrorAsync("--offline");

        await Assert.That(result.ExitCode).IsEqualTo(3).Because(result.ToString());
        await Assert.That(Directory.Exists(setup.MirrorFile("api"))).IsFalse();
    }

    private static string[] Snapshot(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
            .Select(p => new FileInfo(p))
            .Select(f => $"{Path.GetRelativePath(dir, f.FullName)} {f.LinkTarget} {(f.Exists ? f.LastWriteTimeUtc.Ticks : 0)}")
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static async Task<string> Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return inode.Trim();
    }
}
