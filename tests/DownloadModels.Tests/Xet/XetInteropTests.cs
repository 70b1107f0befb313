using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.Interop;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// huggingface_hub (../shared/oracle/hf-python) judges a cache the Xet path filled: it loads every file offline
/// (hf_hub_download, snapshot_download) with the bytes the JS uploader was given, and <c>hf cache verify</c> finds
/// every checksum matching, nothing missing, nothing extra.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
public sealed class XetInteropTests(XetFixtures fixtures)
{
    [Test]
    public async Task HuggingfaceHub_CacheFilledOverXet_LoadsOfflineAndVerifies(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/xet").AddFile("config.json", "{\"hidden_size\": 8}\n");
        string[] ids = [ModelV2, SmallFloats, LargeText];
        foreach (var id in ids)
            repo.AddXetFile("weights/" + id, fixtures.Set, id);
        using var cli = new CliHarness(hub.ApiUrl);
        var get = await cli.RunAsync(["get", "org/xet", "--transport", "xet"], ct);
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());

        var calls = ids.Select(id => new JsonObject { ["op"] = "hf_hub_download", ["repo_id"] = "org/xet", ["filename"] = "weights/" + id }).ToList();
        calls.Add(new JsonObject { ["op"] = "snapshot_download", ["repo_id"] = "org/xet" });
        var offline = await new PythonRun(cli.Root).Cache(cli.HubCache).Endpoint(hub.ApiUrl).Offline().CallsAsync([.. calls]);
        var verify = await new PythonRun(cli.Root).Cache(cli.HubCache).Endpoint(hub.ApiUrl).CallsAsync(
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "verify", "org/xet", "--cache-dir", cli.HubCache, "--fail-on-missing-files", "--fail-on-extra-files") },
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("cache", "ls", "--cache-dir", cli.HubCache, "--show-warnings") });

        await Assert.That(offline.ExitCode).IsEqualTo(0).Because(offline.ToString());
        var results = offline.Result.AsArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await Assert.That(results[i]!["ok"]!.GetValue<bool>()).IsTrue().Because(results[i]!.ToJsonString());
            await Assert.That(results[i]!["value"]!["sha256"]!.GetValue<string>()).IsEqualTo(fixtures.File(ids[i]).Sha256);
        }

        await Assert.That(results[ids.Length]!["ok"]!.GetValue<bool>()).IsTrue().Because(results[ids.Length]!.ToJsonString());
        await Assert.That(offline.Warnings).IsEmpty();
        var cliResult = verify.Result.AsArray()[0]!;
        await Assert.That(cliResult["ok"]!.GetValue<bool>()).IsTrue().Because(verify.ToString());
        await Assert.That(cliResult["value"]!["exit"]!.GetValue<int>()).IsEqualTo(0).Because(cliResult.ToJsonString());
        await Assert.That(cliResult["value"]!["stdout"]!.GetValue<string>()).Contains("All checksums match");
        // Our chunk maps (xet-chunks/) and nothing else of ours: hf cache ls has no warning about the repo folder.
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--xet", "xet-chunks"))).IsTrue();
        var ls = verify.Result.AsArray()[1]!["value"]!;
        await Assert.That(ls["exit"]!.GetValue<int>()).IsEqualTo(0).Because(ls.ToJsonString());
        await Assert.That(ls["stdout"]!.GetValue<string>() + ls["stderr"]!.GetValue<string>()).DoesNotContain("arning").Because(ls.ToJsonString());
    }
}
