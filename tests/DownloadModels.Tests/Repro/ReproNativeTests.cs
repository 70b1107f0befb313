using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>
/// The published Native AOT binary through the whole flow: Tomlyn's parser, the lock writer and the
/// source-generated SBOM JSON all run trimmed, exactly as users get them.
/// </summary>
[Category(TestCategory.Host)]
public sealed class ReproNativeTests
{
    [Test]
    public async Task Native_InitLockSyncFrozenSbom_InstallsTheLockedCommitAndAValidSbom()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        var whisper = hub.FindRepo("Systran/faster-whisper-tiny")!;
        var locked = whisper.Commit;
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);

        var init = await run.RunAsync("init");
        var lockRun = await run.RunAsync("lock");
        var lockText = File.ReadAllText(home.Sub("download-models.lock"));
        ReproRepos.Push(whisper, "moved");
        var sync = await run.RunAsync("sync", "--frozen");
        var sbom = await run.RunAsync("sbom", "--output", "models.cdx.json");
        var again = await run.RunAsync("lock");

        await Assert.That(init.ExitCode).IsEqualTo(0).Because(init.ToString());
        await Assert.That(lockRun.ExitCode).IsEqualTo(0).Because(lockRun.ToString());
        await Assert.That(sync.ExitCode).IsEqualTo(0).Because(sync.ToString());
        await Assert.That(sbom.ExitCode).IsEqualTo(0).Because(sbom.ToString());
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(File.ReadAllText(home.Sub("download-models.lock"))).IsEqualTo(lockText);
        var whisperFolder = home.Sub(".cache/huggingface/hub/models--Systran--faster-whisper-tiny");
        await Assert.That(File.ReadAllText(Path.Combine(whisperFolder, "refs", "main"))).IsEqualTo(locked);
        await Assert.That(Directory.GetDirectories(Path.Combine(whisperFolder, "snapshots")).Select(p => Path.GetFileName(p)!)).IsEquivalentTo([locked]);
        var (valid, output) = await CycloneDxValidator.ValidateAsync(File.ReadAllText(home.Sub("models.cdx.json")));
        await Assert.That(valid).IsTrue().Because(output);
    }

    [Test]
    public async Task Native_ManifestWithUnknownKey_ExitsTwoNamingTheLine()
    {
        using var home = new TempHome();
        File.WriteAllText(home.Sub("download-models.toml"), "[[model]]\nrepo = \"org/model\"\n\n# the typo\nrevison = \"v2\"\n");

        var result = await home.Run().Env("HF_ENDPOINT", "http://127.0.0.1:9").RunAsync("sync");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("download-models.toml:5: unknown key 'revison' in [[model]]");
    }

    [Test]
    public async Task Native_TamperedLock_FailsAndLinksNothing()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var home = new TempHome();
        File.WriteAllText(home.Sub("download-models.toml"), ReproRepos.Manifest);
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var lockRun = await run.RunAsync("lock");
        var lockPath = home.Sub("download-models.lock");
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace(repo.Sha256Of("model.bin"), new string('0', 64), StringComparison.Ordinal));

        var sync = await run.RunAsync("sync", "--frozen");

        await Assert.That(lockRun.ExitCode).IsEqualTo(0).Because(lockRun.ToString());
        await Assert.That(sync.ExitCode).IsEqualTo(1).Because(sync.ToString());
        await Assert.That(sync.StdErr).Contains("the lock does not match the Hub's listing of this commit");
        await Assert.That(Directory.Exists(home.Sub(".cache/huggingface/hub/models--org--model/snapshots"))).IsFalse();
    }
}
