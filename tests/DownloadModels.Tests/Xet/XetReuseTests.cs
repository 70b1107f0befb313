using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Chunk reuse (issue 22) on the JS uploader's two-revision fixtures: v2 dedups against v1's xorb, so with v1 in the
/// cache the upgrade fetches little more than v2's new chunks; a sibling repo's file reuses the first repo's chunks;
/// a source blob changed on disk is caught by the final hashes and the file fetched whole instead.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class XetReuseTests(XetFixtures fixtures)
{
    private const string NextCommit = "2222222222222222222222222222222222222222";

    [Test]
    public async Task Upgrade_V1InTheCache_FetchesOnlyWhatV2Adds(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/model"], ct)).ExitCode).IsEqualTo(0);
        var v1Served = hub.Cas.XorbBytesServed;
        repo.AddXetFile("model.safetensors", fixtures.Set, ModelV2).SetCommit(NextCommit);

        var upgrade = await cli.RunAsync(["get", "org/model", "--json"], ct);

        var v2 = fixtures.File(ModelV2);
        var fetched = hub.Cas.XorbBytesServed - v1Served;
        var newXorbs = v2.Terms.Where(t => fixtures.Set.Xorbs[t.Xorb].Upload == "model-v2").Select(t => t.Xorb).Distinct().Sum(x => fixtures.Set.Xorbs[x].Bytes.LongLength);
        var file = JsonNode.Parse(upgrade.StdOut)!["repos"]![0]!["files"]![0]!;
        Console.WriteLine($"upgrade v1 -> v2: {fetched:N0} xorb bytes fetched of {fixtures.Set.XorbBytesNeeded(v2):N0} needed whole; v2's new xorbs hold {newXorbs:N0}; reused {file["bytes_reused"]} B");
        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(file["bytes_reused"]!.GetValue<long>()).IsGreaterThan(v2.Size * 7 / 10);
        await Assert.That(fetched).IsLessThanOrEqualTo(newXorbs * 11 / 10 + (4 * 128 * 1024));
        await Assert.That(fetched).IsLessThan(fixtures.Set.XorbBytesNeeded(v2) / 3);
    }

    [Test]
    public async Task SiblingRepo_ReusesTheFirstReposChunks(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/base").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        var sibling = hub.AddRepo("other/tuned").AddXetFile("model.safetensors", fixtures.Set, Sibling);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/base"], ct)).ExitCode).IsEqualTo(0);
        var before = hub.Cas.XorbBytesServed;

        var result = await cli.RunAsync(["get", "other/tuned"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, sibling)).IsEmpty();
        await Assert.That(hub.Cas.XorbBytesServed - before).IsLessThan(fixtures.Set.XorbBytesNeeded(fixtures.File(Sibling)) / 2);
    }

    [Test]
    public async Task SourceBlobChangedOnDisk_CaughtByTheHashesAndFetchedWhole(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/model"], ct)).ExitCode).IsEqualTo(0);
        var blob = Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("model.safetensors"));
        var bytes = await File.ReadAllBytesAsync(blob, ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.SetAttributes(blob, FileAttributes.Normal);
        await File.WriteAllBytesAsync(blob, bytes, ct);
        repo.AddXetFile("model.safetensors", fixtures.Set, ModelV2).SetCommit(NextCommit);

        var upgrade = await cli.RunAsync(["get", "org/model", "--transport", "xet"], ct);

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }

    [Test]
    public async Task NoChunkReuse_FetchesEverything(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/model"], ct)).ExitCode).IsEqualTo(0);
        var before = hub.Cas.XorbBytesServed;
        repo.AddXetFile("model.safetensors", fixtures.Set, ModelV2).SetCommit(NextCommit);

        var upgrade = await cli.RunAsync(["get", "org/model", "--no-chunk-reuse"], ct);

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(hub.Cas.XorbBytesServed - before).IsGreaterThanOrEqualTo(fixtures.Set.XorbBytesNeeded(fixtures.File(ModelV2)));
    }
}
