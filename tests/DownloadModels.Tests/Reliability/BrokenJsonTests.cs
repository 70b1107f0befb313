using System.Diagnostics;
using System.Text;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A broken or hostile Hub API: malformed JSON, wrong types, missing fields, huge answers (with or without a
/// Content-Length) and huge error pages. Each ends in one clear line, quickly and in bounded memory, with
/// nothing written to the cache.
/// </summary>
[Timeout(60_000)]
public sealed class BrokenJsonTests
{
    [Test]
    [Arguments("{not json", "JSON this tool cannot read")]
    [Arguments("[]", "JSON this tool cannot read")]
    [Arguments("{}", "no valid commit id")]
    [Arguments("""{"sha": 12345}""", "JSON this tool cannot read")]
    [Arguments("""{"sha": null}""", "no valid commit id")]
    [Arguments("""{"sha": "../../../../etc"}""", "no valid commit id")]
    [Arguments("""{"sha": "0123456789ABCDEF0123456789ABCDEF01234567"}""", "no valid commit id")]
    [Arguments("null", "no valid commit id")]
    public async Task RevisionAnswer_MalformedOrWrongTypes_ClearErrorNothingWritten(string body, string expected, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        hub.Faults.Answer(CustomAnswer.Json(body), pathContains: "/revision/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await FailedRun.AssertCleanAsync(result, cli, expected);
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/revision/", StringComparison.Ordinal))).IsEqualTo(1);
    }

    [Test]
    [Arguments("/tree/", false)]
    [Arguments("/tree/", true)]
    [Arguments("/revision/", false)]
    [Arguments("/revision/", true)]
    public async Task HugeBody_WithOrWithoutContentLength_RefusedAtTheLimitQuickly(string endpoint, bool chunked, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        // 100 GB of spaces (valid JSON whitespace) in 1 MB pieces: reading it all would take minutes.
        var answer = new CustomAnswer(200, Encoding.ASCII.GetBytes(new string(' ', 1 << 20))) { Repeat = 100 * 1024, Chunked = chunked };
        hub.Faults.Answer(answer, pathContains: endpoint);
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await FailedRun.AssertCleanAsync(result, cli, "larger than the");
        await Assert.That(result.StdErr).Contains(endpoint == "/tree/" ? "file list" : "org/model@main");
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task ErrorAnswer_HugeBody_OnlyItsStartIsRead(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        hub.Faults.Answer(new CustomAnswer(404, Encoding.ASCII.GetBytes(new string('x', 1 << 20))) { Repeat = 100 * 1024, Chunked = true, ContentType = "text/plain" }, pathContains: "/revision/");
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await FailedRun.AssertCleanAsync(result, cli, "404");
        await Assert.That(result.All.Length).IsLessThan(3000);
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20));
    }
}
