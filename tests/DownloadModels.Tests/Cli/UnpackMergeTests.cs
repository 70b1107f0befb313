using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>unpack into a cache that already has things: skipped when identical, never overwritten when not, refs moved.</summary>
public sealed class UnpackMergeTests
{
    private const string Whisper = "models--Systran--faster-whisper-tiny";

    [Test]
    public async Task Unpack_SomeModelsAlreadyThere_AddsTheRestAndSaysWhatWasThere()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness(hub.ApiUrl);
        var bundle = await Packed.FromAsync(source);
        await target.RunAsync("--only", "stt");

        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(unpack.StdOut).Contains("Systran/faster-whisper-tiny@main");
        await Assert.That(unpack.StdOut).Contains("added 0 blobs (0 B), 4 already there (300 kB); refs/main unchanged");
        await Assert.That(unpack.StdOut).Contains("refs/main points to");
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(CacheSnapshot.Of(source.HubCache));
    }

    [Test]
    public async Task Unpack_ExistingBlobWithOtherContent_ThatRepoFailsUntouchedOthersMerge()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        PipelineRepos.AddKokoro(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness(hub.ApiUrl);
        var bundle = await Packed.FromAsync(source, "Systran/faster-whisper-tiny", "hexgrad/Kokoro-82M");
        await target.RunAsync("--only", "stt");
        var blob = Path.Combine(target.HubCache, Whisper, "blobs", whisper.Sha256Of("model.bin"));
        var damaged = await File.ReadAllBytesAsync(blob);
        damaged[5] ^= 0x01;
        await File.WriteAllBytesAsync(blob, damaged);
        File.Delete(Path.Combine(target.HubCache, Whisper, "snapshots", whisper.Commit, "config.json"));
        var before = CacheSnapshot.Of(Path.Combine(target.HubCache, Whisper));

        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(unpack.ExitCode).IsEqualTo(1).Because(unpack.ToString());
        await Assert.That(unpack.StdErr).Contains("already in the cache with other content");
        await Assert.That(CacheSnapshot.Of(Path.Combine(target.HubCache, Whisper))).IsEquivalentTo(before);
        await Assert.That(HubServer.Sha256Hex(await File.ReadAllBytesAsync(blob))).IsEqualTo(HubServer.Sha256Hex(damaged));
        await Assert.That(unpack.StdOut).Contains("Unpacked 1 of 2 repo(s)");
        await Assert.That(File.Exists(Path.Combine(target.HubCache, "models--hexgrad--Kokoro-82M", "refs", "main"))).IsTrue();
    }

    [Test]
    public async Task Unpack_SnapshotPathOccupied_RepoFailsNothingOverwritten()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = await Packed.FromAsync(source, "--only", "stt");
        var occupied = Path.Combine(target.HubCache, Whisper, "snapshots", whisper.Commit, "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(occupied)!);
        await File.WriteAllTextAsync(occupied, "mine");
        var before = CacheSnapshot.Of(target.HubCache);

        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(unpack.ExitCode).IsEqualTo(1).Because(unpack.ToString());
        await Assert.That(unpack.StdErr).Contains("config.json exists and is not the link to its blob");
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(before);
    }

    [Test]
    public async Task Unpack_RefOnAnotherCommit_MovesRefKeepsOldSnapshot()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddFile("a.json", "{\"v\": 1}");
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness(hub.ApiUrl);
        await target.RunAsync("get", "org/m");
        var oldCommit = repo.Commit;
        repo.SetCommit(new string('b', 40)).AddFile("a.json", "{\"v\": 2}");
        var bundle = await Packed.FromAsync(source, "org/m");

        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(unpack.StdOut).Contains($"refs/main points to bbbbbbb (was {oldCommit[..7]})");
        var folder = Path.Combine(target.HubCache, "models--org--m");
        await Assert.That(File.ReadAllText(Path.Combine(folder, "refs", "main"))).IsEqualTo(repo.Commit);
        await Assert.That(File.ReadAllText(Path.Combine(folder, "snapshots", oldCommit, "a.json"))).IsEqualTo("{\"v\": 1}");
        await Assert.That(File.ReadAllText(Path.Combine(folder, "snapshots", repo.Commit, "a.json"))).IsEqualTo("{\"v\": 2}");
    }

    [Test]
    public async Task Unpack_Twice_SecondChangesNothing()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = await Packed.FromAsync(source);
        await target.RunAsync("unpack", bundle);
        var before = CacheSnapshot.Of(target.HubCache);

        var again = await target.RunAsync("unpack", bundle);

        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(again.StdOut).Contains("added 0 blobs (0 B)");
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(before);
    }

    [Test]
    public async Task Unpack_TwoAtOnceIntoOneCache_BothSucceedSameLayout()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = await Packed.FromAsync(source);

        var results = await Task.WhenAll(target.RunAsync("unpack", bundle), target.RunAsync("unpack", bundle));

        await Assert.That(results[0].ExitCode).IsEqualTo(0).Because(results[0].ToString());
        await Assert.That(results[1].ExitCode).IsEqualTo(0).Because(results[1].ToString());
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(CacheSnapshot.Of(source.HubCache));
    }
}
