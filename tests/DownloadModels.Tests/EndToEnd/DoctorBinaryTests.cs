using System.Text.Json.Nodes;
using DownloadModels.Tests.Reliability;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// `doctor` as users run it, on the published binary: the proxy from HTTP_PROXY named on every network line (and
/// the requests really going through it), a dead proxy named with what to do, a read-only cache (a real read-only
/// tmpfs in a private namespace), and the JSON document.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class DoctorBinaryTests
{
    private const string Probe = "org/model";

    private static async Task<HubServer> HubAsync()
    {
        var hub = await HubServer.StartAsync();
        hub.AddRepo(Probe).AddFile("config.json", "{}").AddFile("model.safetensors", 200_000, lfs: true);
        hub.AddUser("alice", "hf_alice");
        return hub;
    }

    private static string Line(string output, string check) =>
        output.Split('\n').FirstOrDefault(l => l.Length > 6 && l[6..].StartsWith(check + " ", StringComparison.Ordinal)) ?? $"(no {check} line)";

    [Test]
    public async Task Doctor_HttpProxy_EveryNetworkLineNamesItAndTheRequestsGoThroughIt(CancellationToken ct)
    {
        await using var hub = await HubAsync();
        await using var proxy = await ForwardProxy.StartAsync();
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HTTP_PROXY", proxy.Url).Env("HF_TOKEN", "hf_alice")
            .RunAsync("doctor", "--repo", Probe);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var via = "through proxy " + proxy.Url.TrimEnd('/');
        await Assert.That(Line(result.StdOut, "endpoint")).Contains(via).Because(result.StdOut);
        await Assert.That(Line(result.StdOut, "cdn")).Contains(via);
        await Assert.That(Line(result.StdOut, "token")).Contains("user alice");
        await Assert.That(proxy.Targets.Any(t => t.StartsWith(hub.ApiUrl + "/api/whoami-v2", StringComparison.Ordinal))).IsTrue();
        await Assert.That(proxy.Targets.Any(t => t.StartsWith(hub.CdnUrl, StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    public async Task Doctor_DeadProxy_EndpointFailsNamingTheProxyAndTheFix(CancellationToken ct)
    {
        await using var hub = await HubAsync();
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HTTP_PROXY", "http://127.0.0.1:7").RunAsync("doctor", "--repo", Probe);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var endpoint = Line(result.StdOut, "endpoint");
        await Assert.That(endpoint).StartsWith("FAIL").Because(result.StdOut);
        await Assert.That(endpoint).Contains("through proxy http://127.0.0.1:7");
        await Assert.That(endpoint).Contains("check the proxy (HTTPS_PROXY/HTTP_PROXY, NO_PROXY)");
    }

    [Test]
    public async Task Doctor_Json_ValidDocumentAllPassed(CancellationToken ct)
    {
        await using var hub = await HubAsync();
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HF_TOKEN", "hf_alice").RunAsync("doctor", "--repo", Probe, "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var document = JsonNode.Parse(result.StdOut)!;
        await Assert.That(document["ok"]!.GetValue<bool>()).IsTrue();
        await Assert.That(document["checks"]!.AsArray().Count).IsGreaterThanOrEqualTo(10);
        await Assert.That(document["checks"]!.AsArray().Any(c => c!["status"]!.GetValue<string>() == "fail")).IsFalse();
    }

    [Test]
    public async Task Doctor_ReadOnlyCache_CacheWriteFailsNamingThePath(CancellationToken ct)
    {
        await using var hub = await HubAsync();
        using var home = new TempHome();
        var cache = Directory.CreateDirectory(home.Sub("ro")).FullName;
        var script = """
            mount -t tmpfs -o ro,size=1m tmpfs "$CACHE"
            set +e
            "$BIN" doctor --repo org/model --cache-dir "$CACHE" --offline 2>&1; echo "exit=$?"
            """;

        var (_, output) = await NamespacedRun.RunAsync(script, new Dictionary<string, string>
        {
            ["CACHE"] = cache, ["HOME"] = home.Path, ["HF_ENDPOINT"] = hub.ApiUrl,
        }, TimeSpan.FromSeconds(60));

        await Assert.That(output).Contains("exit=1").Because(output);
        var write = Line(output, "cache_write");
        await Assert.That(write).StartsWith("FAIL").Because(output);
        await Assert.That(write).Contains(cache);
        await Assert.That(write).Contains("not writable");
    }
}
