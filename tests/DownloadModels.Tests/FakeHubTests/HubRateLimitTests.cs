namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class HubRateLimitTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model")
            .AddFile("config.json", "{}")
            .AddFile("model.safetensors", 1000, lfs: true);
        return (hub, repo);
    }

    [Test]
    public async Task Api_AnyAnswer_CarriesApiBucket()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var first = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model");
        using var second = await http.SendAsync($"{hub.ApiUrl}/api/models/org/missing");

        await Assert.That(first.Header("RateLimit")).Matches("^\"api\";r=999;t=\\d+$");
        await Assert.That(second.Header("RateLimit")).StartsWith("\"api\";r=998;t=");
        await Assert.That(first.Header("RateLimit-Policy")).IsEqualTo("\"fixed window\";\"api\";q=1000;w=300");
    }

    [Test]
    public async Task Resolve_AnyAnswer_CarriesResolversBucket()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/config.json");
        using var cdn = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/model.safetensors");

        await Assert.That(resolve.Header("RateLimit")).Matches("^\"resolvers\";r=2999;t=\\d+$");
        await Assert.That(resolve.Header("RateLimit-Policy")).IsEqualTo("\"fixed window\";\"resolvers\";q=3000;w=300");
        await Assert.That(cdn.Header("RateLimit")).IsNull();
    }
}
