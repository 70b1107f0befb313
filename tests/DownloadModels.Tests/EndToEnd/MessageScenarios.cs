using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>How each scenario of <see cref="MessageScanTests"/> is set up: its command line, environment and files.</summary>
public sealed partial class MessageScanTests
{
    private const string DeadEndpoint = "http://127.0.0.1:9";

    private static async Task<(string[] Args, BinaryRun Run)> SetUpAsync(string scenario, HubServer hub, TempHome home)
    {
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HF_HOME", home.Sub("hf"));
        var words = scenario.Split(' ');
        var file = home.Sub("a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        switch (words[0])
        {
            case "cache-dir-is-a-file":
                if (words.Contains("unpack"))
                    return (["unpack", await PackAsync(run, home), "--cache-dir", file], run);
                return ([.. words.Skip(1), "--cache-dir", file], run);
            case "cache-dir-in-proc":
                return (["--only", "stt", "--cache-dir", "/proc/self/download-models-test"], run);
            case "no-home":
                return (["get", "org/model"], new BinaryRun(home.Path) { WorkingDirectory = home.Path }.Env("HOME", "").Env("HF_ENDPOINT", hub.ApiUrl));
            case "token-with-space":
                return (["get", "org/model"], run.Env("HF_TOKEN", "hf_abc def"));
            case "unpack" when words.Length > 1 && words[1] == "folder":
                Directory.CreateDirectory(home.Sub("folder"));
                return (["unpack", "folder"], run);
            case "unpack" when words.Length > 1 && words[1] == "garbage":
                await File.WriteAllBytesAsync(home.Sub("garbage.tar.zst"), FakeHubContent.Random(10_000, 7));
                return (["unpack", "garbage.tar.zst"], run);
            case "unpack" when words.Length > 1 && words[1] == "empty":
                await File.WriteAllBytesAsync(home.Sub("empty.tar.zst"), []);
                return (["unpack", "empty.tar.zst"], run);
            case "unpack" when words.Length > 1 && words[1] == "truncated":
            {
                var bundle = await PackAsync(run, home);
                var bytes = await File.ReadAllBytesAsync(bundle);
                await File.WriteAllBytesAsync(bundle, bytes[..(bytes.Length / 2)]);
                return (["unpack", bundle, "--cache-dir", home.Sub("target")], run);
            }

            case "pack" when words.Length > 1 && words[1] == "folder":
                Directory.CreateDirectory(home.Sub("folder"));
                return (["pack", "folder", "--only", "stt"], run);
            case "pack" when words.Length > 1 && words[1] == "below-a-file":
                return (["pack", "a-file/x.tar.zst", "--only", "stt"], run);
            case "mirror" when words.Length > 1 && words[1] == "a-file":
                return (["mirror", "a-file", "org/model"], run);
            case "mirror" when words.Length > 1 && words[1] == "cache-inside":
                return (["mirror", home.Sub("hf/hub/mirror"), "org/model"], run);
            case "gated":
                return (["get", "org/gated"], run);
            case "missing-repo":
                return (["get", "org/nothing"], run);
            case "missing-revision":
                return (["get", "org/model", "--revision", "v9"], run);
            case "include-matches-nothing":
                return (["get", "org/model", "--include", "*.gguf"], run);
            case "server-error":
                hub.Faults.Status(503, times: int.MaxValue, pathContains: "/revision/");
                return (["get", "org/model", "--retries", "2"], run);
            case "broken-json":
                hub.Faults.Answer(CustomAnswer.Json("{not json"), pathContains: "/revision/");
                return (["get", "org/model"], run);
            case "broken-tree":
                hub.Faults.Answer(CustomAnswer.Json("[{\"type\": \"file\", \"size\": \"big\"}]"), pathContains: "/tree/");
                return (["get", "org/model"], run);
            case "file-gone":
                hub.Faults.Status(404, times: int.MaxValue, pathContains: "/resolve/");
                return (["get", "org/model"], run);
            case "body-cut":
                hub.Faults.CutBodyAfter(10, times: int.MaxValue, pathContains: "model.bin");
                return (["get", "org/model", "--retries", "1"], run);
            case "verify-corrupt":
            {
                await run.RunAsync("get", "org/model");
                var blob = Directory.EnumerateFiles(home.Sub("hf/hub/models--org--model/blobs")).First(f => new FileInfo(f).Length == 4_000);
                await File.WriteAllBytesAsync(blob, new byte[4_000]);
                return (["verify", "org/model"], run);
            }

            case "verify-not-cached":
                return (["verify", "org/model", "--offline"], run);
            case "dry-run-unreachable":
                return (["--dry-run", "--only", "stt", "--retries", "0"], run.Env("HF_ENDPOINT", DeadEndpoint));
            case "offline-nothing-cached":
                return (["--offline"], run);
            case "list-broken-cache":
            {
                await run.RunAsync("get", "org/model");
                foreach (var blob in Directory.EnumerateFiles(home.Sub("hf/hub/models--org--model/blobs")))
                    File.Delete(blob);
                await File.WriteAllTextAsync(home.Sub("hf/hub/models--org--model/refs/main"), "garbage");
                Directory.CreateDirectory(home.Sub("hf/hub/not-a-repo"));
                return (["list", "--files"], run);
            }

            case "local-dir-is-a-file":
                return (["get", "org/model", "--local-dir", file], run);
            case "uri-path-missing":
                return (["get", "hf://org/model/missing.json"], run);
            case "manifest-broken":
                await File.WriteAllTextAsync(home.Sub("models.toml"), "[[model]\nrepo = 'org/model'\n");
                return (["lock", "--manifest", home.Sub("models.toml")], run);
            case "manifest-missing":
                return (["sync", "--manifest", home.Sub("none.toml")], run);
            case "lock-broken":
                await File.WriteAllTextAsync(home.Sub("models.toml"), "[[model]]\nrepo = 'org/model'\n");
                await File.WriteAllTextAsync(home.Sub("models.lock"), "version = 'x'\n[[model]]\nrepo = 3\n");
                return (["sync", "--manifest", home.Sub("models.toml")], run);
            case "sync-frozen-no-lock":
                return (["sync", "--frozen", "--manifest", home.Sub("none.toml")], run);
            case "sbom-no-lock":
                return (["sbom", "--lock", home.Sub("none.lock")], run);
            default:
                return (words, run.Env("HF_ENDPOINT", DeadEndpoint));
        }
    }

    /// <summary>A bundle of org/model made by the binary itself.</summary>
    private static async Task<string> PackAsync(BinaryRun run, TempHome home)
    {
        var bundle = home.Sub("bundle.tar.zst");
        var packed = await run.RunAsync("pack", bundle, "org/model");
        if (packed.ExitCode != 0)
            throw new InvalidOperationException("pack failed: " + packed);
        return bundle;
    }
}
