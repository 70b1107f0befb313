using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DownloadModels.Tests.XetCrossCheck;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Reused bytes are said wherever a download reports (issue 22): --json per file, per repo and in the totals (one
/// figure, summed up the levels); the plain progress lines' model summary and the run summary in text; nothing in
/// quiet mode but what it always prints. An upgrade v1 → v2 on the JS-made fixtures.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class ReusedBytesReportTests(XetFixtures fixtures)
{
    [Test]
    public async Task Json_Upgrade_BytesReusedPerFileRepoAndTotals(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);

        var upgrade = await s.UpgradeAsync(ct, "--json");

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        var document = JsonNode.Parse(upgrade.StdOut)!;
        var repo = document["repos"]![0]!;
        var file = repo["files"]![0]!["bytes_reused"]!.GetValue<long>();
        await Assert.That(file).IsGreaterThan(fixtures.File(ModelV2).Size / 2);
        await Assert.That(repo["bytes_reused"]!.GetValue<long>()).IsEqualTo(file);
        await Assert.That(document["totals"]!["bytes_reused"]!.GetValue<long>()).IsEqualTo(file);
    }

    [Test]
    public async Task Text_Upgrade_ModelLineAndSummarySayReused_QuietSaysNothing(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);

        var upgrade = await s.UpgradeAsync(ct);
        var quiet = await s.Cli.RunAsync(["get", "org/model", "-q", "--force-download"], ct);

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        var lines = upgrade.StdErr.Split('\n');
        await Assert.That(Regex.IsMatch(lines.Single(l => l.Contains(": done, ", StringComparison.Ordinal)), @"fetched, [0-9.]+ [kM]B reused\) in ")).IsTrue().Because(upgrade.StdErr);
        await Assert.That(Regex.IsMatch(lines.Single(l => l.StartsWith("1 repo ready", StringComparison.Ordinal)), @"cached, [0-9.]+ [kM]B reused\)\.$")).IsTrue().Because(upgrade.StdErr);
        await Assert.That(quiet.ExitCode).IsEqualTo(0).Because(quiet.ToString());
        await Assert.That(quiet.StdErr).IsEmpty();
    }
}
