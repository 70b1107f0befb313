using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>HTTPS_PROXY/HTTP_PROXY/NO_PROXY, as the seed's troubleshooting tells users to set them.</summary>
[Category(TestCategory.Host)]
public sealed class ProxyTests
{
    [Test]
    public async Task HttpProxy_Set_EveryRequestGoesThroughIt()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.json", "{}").AddFile("w.bin", 50_000, lfs: true);
        await using var proxy = await ForwardProxy.StartAsync();
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HTTP_PROXY", proxy.Url).RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(proxy.Targets.Any(t => t.StartsWith(hub.ApiUrl + "/api/", StringComparison.Ordinal))).IsTrue();
        await Assert.That(proxy.Targets.Any(t => t.StartsWith(hub.CdnUrl, StringComparison.Ordinal))).IsTrue();
        await Assert.That(File.Exists(home.Sub($".cache/huggingface/hub/models--org--model/snapshots/{repo.Commit}/w.bin"))).IsTrue();
    }

    [Test]
    public async Task NoProxy_MatchesHost_ProxyNotUsed()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.json", "{}");
        await using var proxy = await ForwardProxy.StartAsync();
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HTTP_PROXY", proxy.Url).Env("NO_PROXY", "127.0.0.1").RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(proxy.Targets).IsEmpty();
    }

    [Test]
    public async Task DeadProxy_Set_OneLineNamingEndpointAndProxy()
    {
        using var home = new TempHome();

        var result = await home.Run().Env("HF_ENDPOINT", "http://127.0.0.1:9").Env("HTTP_PROXY", "http://127.0.0.1:7").RunAsync("get", "org/model", "--retries", "0");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("http://127.0.0.1:9");
        await Assert.That(result.StdErr).Contains("through proxy http://127.0.0.1:7");
    }
}
