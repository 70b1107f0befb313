using System.Text.Json;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Inspection;

/// <summary>`list --json` and `verify` in the published Native AOT binary (source-generated JSON, no reflection).</summary>
[Category(TestCategory.Host)]
public sealed class NativeInspectionTests
{
    [Test]
    public async Task NativeBinary_ListJsonAndVerify_AfterDownloadThenCorruption()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddWhisper(hub);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var download = await run.RunAsync("--only", "stt");

        var list = await run.RunAsync("list", "--json");
        var clean = await run.RunAsync("verify", "--only", "stt");
        var blob = home.Sub($".cache/huggingface/hub/models--Systran--faster-whisper-tiny/blobs/{repo.Sha256Of("model.bin")}");
        await using (var stream = new FileStream(blob, FileMode.Open, FileAccess.ReadWrite))
            stream.WriteByte(0xFF);
        var offline = await run.RunAsync("verify", "--only", "stt", "--offline");
        var repaired = await run.RunAsync("verify", "--only", "stt", "--repair");

        await Assert.That(download.ExitCode).IsEqualTo(0).Because(download.ToString());
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        using var doc = JsonDocument.Parse(list.StdOut);
        var listed = doc.RootElement.GetProperty("repos")[0];
        await Assert.That(listed.GetProperty("repo_id").GetString()).IsEqualTo(repo.Id);
        await Assert.That(listed.GetProperty("refs").GetProperty("main").GetString()).IsEqualTo(repo.Commit);
        await Assert.That(listed.GetProperty("snapshots")[0].GetProperty("file_count").GetInt32()).IsEqualTo(4);
        await Assert.That(clean.ExitCode).IsEqualTo(0).Because(clean.ToString());
        await Assert.That(offline.ExitCode).IsEqualTo(1).Because(offline.ToString());
        await Assert.That(offline.StdOut).Contains("  corrupt    model.bin: blob sha256 is");
        await Assert.That(repaired.ExitCode).IsEqualTo(0).Because(repaired.ToString());
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(blob))).IsEqualTo(repo.Sha256Of("model.bin"));
    }
}
