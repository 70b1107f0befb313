using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.Interop;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.FakeHubTests;

/// <summary>
/// huggingface_hub (the oracle) used online against the fake hub, as a user would with HF_ENDPOINT: if the
/// fake spoke the protocol wrongly the reference client would fail here, and the interop suite's other tests
/// would judge our cache against a wrong fake.
/// </summary>
[Category(TestCategory.Host)]
public sealed class PythonClientTests
{
    [Test]
    public async Task HuggingfaceHub_EveryDownloadAndListingCall_WorksAgainstTheFake()
    {
        await using var hub = await HubServer.StartAsync();
        hub.TreePageSize = 3; // list_repo_tree and snapshot_download must follow the Link pages
        var repo = hub.AddRepo("org/model")
            .AddFile(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
            .AddFile("config.json", "{\"hidden_size\": 8}\n")
            .AddFile("empty.txt", "")
            .AddFile("model.safetensors", 120_000, lfs: true)
            .AddFile("sub dir/w b.bin", 70_000, lfs: true);
        var plain = hub.AddRepo("org/plain").AddFile("w.bin", 5_000, lfs: true).AddFile("a.json", "{}");
        plain.XetBacked = false;
        using var home = new TempHome();
        var cache = home.Sub("hf/hub");
        var localDir = home.Sub("local");

        var run = await new PythonRun(home.Path).Cache(cache).Endpoint(hub.ApiUrl).CallsAsync(
            new JsonObject { ["op"] = "model_info", ["repo_id"] = "org/model", ["files_metadata"] = true },
            new JsonObject { ["op"] = "repo_info", ["repo_id"] = "org/model", ["revision"] = "main" },
            new JsonObject { ["op"] = "list_repo_tree", ["repo_id"] = "org/model", ["recursive"] = true },
            new JsonObject { ["op"] = "snapshot_download", ["repo_id"] = "org/model" },
            new JsonObject { ["op"] = "hf_hub_download", ["repo_id"] = "org/plain", ["filename"] = "w.bin" },
            new JsonObject { ["op"] = "hf_hub_download", ["repo_id"] = "org/model", ["filename"] = "missing.json" },
            new JsonObject { ["op"] = "get_cached_repo_tree", ["repo_id"] = "org/model" },
            new JsonObject { ["op"] = "hf", ["argv"] = new JsonArray("download", "org/plain", "--local-dir", localDir) });

        await Assert.That(run.ExitCode).IsEqualTo(0).Because(run.ToString());
        await Assert.That(run.Warnings.Concat(run.Log)).IsEmpty().Because(run.ToString());
        await Assert.That(hub.ServerErrors).IsEmpty();
        var calls = run.Result.AsArray();
        var info = Value(calls[0], run);
        await Assert.That(info["sha"]!.GetValue<string>()).IsEqualTo(repo.Commit);
        var lfsSibling = info["siblings"]!.AsArray().Single(s => s!["rfilename"]!.GetValue<string>() == "model.safetensors")!;
        await Assert.That(lfsSibling["lfs"]!["sha256"]!.GetValue<string>()).IsEqualTo(repo.Sha256Of("model.safetensors"));
        await Assert.That(Value(calls[1], run)["files"]!.AsArray().Count).IsEqualTo(5);

        var tree = Value(calls[2], run).AsArray().Where(e => e!["type"]!.GetValue<string>() == "file").ToDictionary(e => e!["path"]!.GetValue<string>());
        await Assert.That(tree.Keys.Order(StringComparer.Ordinal)).IsEquivalentTo(repo.Paths.Order(StringComparer.Ordinal));
        foreach (var (path, entry) in tree)
        {
            await Assert.That(entry!["blob_id"]!.GetValue<string>()).IsEqualTo(repo.OidOf(path));
            await Assert.That(entry["xet_hash"]?.GetValue<string>()).IsEqualTo(repo.XetHashOf(path));
        }

        var snapshot = Value(calls[3], run)["files"]!.AsObject();
        foreach (var path in repo.Paths)
            await Assert.That(snapshot[path]?["sha256"]?.GetValue<string>()).IsEqualTo(repo.Sha256Of(path)).Because(path);
        await Assert.That(Value(calls[4], run)["sha256"]!.GetValue<string>()).IsEqualTo(plain.Sha256Of("w.bin"));

        // A missing file: EntryNotFoundError, and the .no_exist marker huggingface_hub writes from X-Repo-Commit.
        await Assert.That(calls[5]!["classes"]!.AsArray().Select(c => c!.GetValue<string>())).Contains("EntryNotFoundError").Because(calls[5]!.ToJsonString());
        await Assert.That(File.Exists(Path.Combine(cache, "models--org--model", ".no_exist", repo.Commit, "missing.json"))).IsTrue();

        // snapshot_download wrote its tree cache from our listing: every file, xet_hash on the Xet-backed ones.
        var cachedTree = Value(calls[6], run).AsArray().ToDictionary(e => e!["path"]!.GetValue<string>());
        await Assert.That(cachedTree.Count).IsEqualTo(5);
        await Assert.That(cachedTree["sub dir/w b.bin"]!["xet_hash"]!.GetValue<string>()).IsEqualTo(repo.XetHashOf("sub dir/w b.bin"));
        await Assert.That(cachedTree["config.json"]!["xet_hash"]).IsNull();

        var download = Value(calls[7], run);
        await Assert.That(download["exit"]!.GetValue<int>()).IsEqualTo(0).Because(download.ToJsonString());
        await Assert.That(NginxMirrorTests.Sha256(Path.Combine(localDir, "w.bin"))).IsEqualTo(plain.Sha256Of("w.bin"));
    }

    internal static JsonNode Value(JsonNode? call, OracleResult run) =>
        call?["ok"]?.GetValue<bool>() == true ? call["value"]! : throw new InvalidOperationException($"call failed: {call?.ToJsonString()}\n{run}");
}
