using System.Text.RegularExpressions;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>Waits are never silent: every retry is one line as it is scheduled; a file that fails for good is said once.</summary>
[Timeout(60_000)]
public sealed class RetryNoticeTests
{
    [Test]
    public async Task Retry_FileServerErrorsThenSuccess_EachRetryShownAsItHappens(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("model.bin", 10_000, lfs: true);
        hub.Faults.Status(503, times: 2, pathContains: "model.bin", host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("org/model/model.bin: retrying in 10 ms (1/5): the server answered 503");
        await Assert.That(result.StdErr).Contains("org/model/model.bin: retrying in 20 ms (2/5): the server answered 503");
    }

    [Test]
    public async Task Retry_RevisionServerErrors_ShownBeforeThePlan(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}");
        hub.Faults.Status(500, times: 1, pathContains: "/revision/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var lines = result.StdErr.Split('\n');
        var retry = Array.FindIndex(lines, l => l.StartsWith("org/model@main: retrying in 10 ms (1/5): the server answered 500", StringComparison.Ordinal));
        var plan = Array.FindIndex(lines, l => l.StartsWith("[org/model] @ main (", StringComparison.Ordinal));
        await Assert.That(retry).IsGreaterThanOrEqualTo(0).Because(result.StdErr);
        await Assert.That(retry).IsLessThan(plan);
    }

    [Test]
    public async Task File_FailsForGood_ErrorOnceThenCountedOnTheModelLine(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 10_000, lfs: true);
        hub.Faults.Status(404, times: int.MaxValue, pathContains: "model.bin");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Regex.Count(result.All, "the server answered 404")).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("failed: 1 file of 2 failed (above)");
        await Assert.That(result.StdErr).Contains("1 of 1 repo failed: org/model.");
    }
}
