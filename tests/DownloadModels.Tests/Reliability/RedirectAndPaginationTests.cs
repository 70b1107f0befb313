using System.Diagnostics;
using DownloadModels.Hub;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Pagination that loops back, never ends or leaves http(s); redirects that loop, lack a Location or lead to
/// another scheme: each is stopped with one clear line in bounded time, and only the affected file fails.
/// </summary>
[Timeout(60_000)]
public sealed class RedirectAndPaginationTests
{
    [Test]
    public async Task Pagination_NextLinkPointsBackToAnEarlierPage_DetectedAsALoop(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "hello");
        var page2 = $"{hub.ApiUrl}/api/models/org/model/tree/{repo.Commit}?recursive=true&expand=false&cursor=2";
        var page1 = $"{hub.ApiUrl}/api/models/org/model/tree/{repo.Commit}?recursive=true&expand=false";
        hub.Faults.Answer(target => CustomAnswer.Json("[]").WithHeader("Link", $"<{(target.Contains("cursor=2", StringComparison.Ordinal) ? page1 : page2)}>; rel=\"next\""), pathContains: "/tree/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await FailedRun.AssertCleanAsync(result, cli, "loop back to a page already read");
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal))).IsEqualTo(2);
    }

    [Test]
    public async Task Pagination_EndlessDistinctPages_GivesUpInBoundedTimeAndMemory(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        hub.Faults.Answer(target =>
        {
            var page = target.Contains("cursor=", StringComparison.Ordinal) ? long.Parse(target.Split("cursor=")[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
            return CustomAnswer.Json("[]").WithHeader("Link", $"</api/models/org/model/tree/x?cursor={page + 1}>; rel=\"next\"");
        }, pathContains: "/tree/");
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model"], ct);

        Console.WriteLine($"endless pagination: gave up after {hub.Requests.Count(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal))} pages in {clock.Elapsed.TotalSeconds:F1} s");
        await FailedRun.AssertCleanAsync(result, cli, "pages");
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Pagination_NextLinkToAnotherScheme_Refused(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        hub.Faults.Answer(CustomAnswer.Json("[]").WithHeader("Link", "<file:///etc/passwd>; rel=\"next\""), pathContains: "/tree/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await FailedRun.AssertCleanAsync(result, cli, "not a valid http(s) URL");
    }

    [Test]
    [Arguments("ftp://127.0.0.1/w.bin", "redirected to a ftp: URL")]
    [Arguments("file:///etc/passwd", "redirected to a file: URL")]
    [Arguments("javascript:alert(1)", "redirected to a javascript: URL")]
    public async Task Resolve_RedirectToAnotherScheme_FailsThatFileOnly(string location, string expected, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true).AddFile("ok.bin", 5000, lfs: true);
        hub.Faults.Answer(CustomAnswer.Redirect(location), pathContains: "/resolve/" + repo.Commit + "/w.bin");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo, ["ok.bin"], leftovers: false)).IsEmpty();
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit, "w.bin"))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("w.bin")))).IsFalse();
    }

    [Test]
    public async Task Resolve_RedirectWithoutLocation_FailsThatFileWithClearMessage(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true);
        hub.Faults.Answer(new CustomAnswer(302, []), pathContains: "/resolve/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("redirect without a Location");
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit, "w.bin"))).IsFalse();
    }

    [Test]
    public async Task Resolve_RedirectLoopBetweenTwoUrls_StopsAfterTheHopLimit(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true);
        hub.Faults.Answer(target => CustomAnswer.Redirect(target.Contains("?a", StringComparison.Ordinal) ? target.Replace("?a", "?b", StringComparison.Ordinal) : target.Split('?')[0] + "?a"), pathContains: "/resolve/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("redirect loop");
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsLessThanOrEqualTo(HubHttp.MaxRedirects * 6);
    }
}
