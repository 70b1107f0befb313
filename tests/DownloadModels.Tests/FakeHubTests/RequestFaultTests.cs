namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class RequestFaultTests
{
    private static async Task<FakeHub> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        hub.AddRepo("org/model").AddFile("model.bin", 1000, lfs: true).AddFile("config.json", "{}");
        return hub;
    }

    private static async Task<int> StatusAsync(HttpClient http, string url)
    {
        using var response = await http.SendAsync(url);
        return (int)response.StatusCode;
    }

    [Test]
    public async Task Status_503TwoTimes_FailsTwiceThenAnswers()
    {
        await using var hub = await StartAsync();
        var fault = hub.Faults.Status(503, times: 2);
        using var http = HubHttp.Client();
        var url = $"{hub.ApiUrl}/api/models/org/model";
        int[] statuses = [await StatusAsync(http, url), await StatusAsync(http, url), await StatusAsync(http, url)];

        await Assert.That(string.Join(",", statuses)).IsEqualTo("503,503,200");
        await Assert.That(fault.Fired).IsEqualTo(2);
        await Assert.That(fault.Remaining).IsEqualTo(0);
    }

    [Test]
    public async Task Status_429WithRetryAfter_CarriesRetryAfterAndSpentRateLimit()
    {
        await using var hub = await StartAsync();
        hub.Faults.Status(429, retryAfter: TimeSpan.FromSeconds(7), rateLimitHeader: true);
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model");

        await Assert.That((int)response.StatusCode).IsEqualTo(429);
        await Assert.That(response.Header("Retry-After")).IsEqualTo("7");
        await Assert.That(response.Header("RateLimit")).IsEqualTo("\"api\";r=0;t=7");
        await Assert.That(response.Header("X-Error-Message")).IsNotNull();
    }

    [Test]
    public async Task Status_ScopedToPathAndHost_OnlyMatchingRequests()
    {
        await using var hub = await StartAsync();
        var fault = hub.Faults.Status(500, times: 5, pathContains: "model.bin", host: FakeHost.Cdn);
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");
        var other = await StatusAsync(http, $"{hub.ApiUrl}/org/model/resolve/main/config.json");
        var cdn = await StatusAsync(http, resolve.Headers.Location!.ToString());

        await Assert.That((int)resolve.StatusCode).IsEqualTo(302);
        await Assert.That(other).IsEqualTo(307);
        await Assert.That(cdn).IsEqualTo(500);
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    [Test]
    public async Task RedirectLoop_TwoTimes_ThenRealRedirect()
    {
        await using var hub = await StartAsync();
        var fault = hub.Faults.RedirectLoop(times: 2);
        using var http = HubHttp.Client();
        var url = $"{hub.ApiUrl}/org/model/resolve/main/model.bin";
        var locations = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.SendAsync(url);
            locations.Add(response.Headers.Location!.ToString());
        }

        await Assert.That(locations[0]).IsEqualTo(url);
        await Assert.That(locations[1]).IsEqualTo(url);
        await Assert.That(locations[2]).StartsWith(hub.CdnUrl);
        await Assert.That(fault.Fired).IsEqualTo(2);
    }

    [Test]
    public async Task ExpireSignedUrls_ZeroOnce_FirstUrlRefusedNextWorks()
    {
        await using var hub = await StartAsync();
        var fault = hub.Faults.ExpireSignedUrls(TimeSpan.Zero, times: 1);
        using var http = HubHttp.Client();
        using var first = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");
        using var second = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");

        await Assert.That((int)first.StatusCode).IsEqualTo(403);
        await Assert.That(await first.Content.ReadAsStringAsync()).Contains("Request has expired");
        await Assert.That((int)second.StatusCode).IsEqualTo(200);
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    [Test]
    public async Task ExpireSignedUrlsAfterUses_One_SecondUseRefused()
    {
        await using var hub = await StartAsync();
        hub.Faults.ExpireSignedUrlsAfterUses(1);
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");
        var url = resolve.Headers.Location!.ToString();

        await Assert.That(await StatusAsync(http, url)).IsEqualTo(200);
        await Assert.That(await StatusAsync(http, url)).IsEqualTo(403);
    }

    [Test]
    public async Task CutBodyAfter_Reset_BreaksWithAtMostThePrefix()
    {
        await using var hub = await StartAsync();
        var fault = hub.Faults.CutBodyAfter(100, reset: true);
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");
        var (body, broken) = await ReadOrBreakAsync(http, resolve.Headers.Location!.ToString());

        await Assert.That(broken).IsTrue();
        await Assert.That(body).IsLessThanOrEqualTo(100);
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    // A reset may arrive before the headers are read, so the request itself can fail too.
    private static async Task<(int Received, bool Broken)> ReadOrBreakAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.SendAsync(url);
            var (body, broken) = await response.ReadBodyAsync();
            return (body.Length, broken);
        }
        catch (HttpRequestException)
        {
            return (0, true);
        }
    }
}
