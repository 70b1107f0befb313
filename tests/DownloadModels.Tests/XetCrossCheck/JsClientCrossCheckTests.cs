using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.FakeHub.Xet;

namespace DownloadModels.Tests.XetCrossCheck;

using static XetStandardFixtures;

/// <summary>
/// The fake CAS judged by someone else's client: <c>@huggingface/hub</c>'s own <c>downloadFile</c> (tests/xet-oracle)
/// downloads every fixture from it and must get the input bytes back, through its Xet path (reconstruction v2, signed
/// xorb ranges, multipart) and, with Xet off, through the bridge (the 302 to plain bytes on the CDN). This proves the
/// fake speaks the protocol before our own Xet client is judged by it.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
public sealed class JsClientCrossCheckTests(XetFixtures fixtures)
{
    public static IEnumerable<string> AllFixtures() =>
        [SmallRandom, SmallText, SmallFloats, Empty, LargeRandom, LargeFloats, LargeText, ModelV1, ModelV2, Sibling];

    [Test]
    [MethodDataSource(nameof(AllFixtures))]
    public async Task JsDownloadFile_EachFixture_XetPathGivesTheInputBytes(string id)
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        var repo = hub.AddRepo("org/xet").AddXetFile("weights/" + id, fixtures.Set, id);
        using var folder = new TempFolder();
        var file = fixtures.File(id);

        var js = await XetOracle.DownloadAsync(hub.ApiUrl, "org/xet", "weights/" + id, folder.Combine("out"));

        await Assert.That(js.Succeeded).IsTrue().Because(js.Output);
        await Assert.That(js.UsedXet).IsTrue().Because(js.Output);
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("out"))).SequenceEqual(file.Content)).IsTrue();
        // Nothing from the LFS CDN: every byte came from xorbs (none at all for the empty file).
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Count).IsEqualTo(0);
        await Assert.That(hub.Cas.ReconstructionsServed).IsEqualTo(file.Size == 0 ? 0 : 1);
        await Assert.That(hub.Cas.XorbBytesServed).IsGreaterThanOrEqualTo(fixtures.Set.XorbBytesNeeded(file));
        await Assert.That(hub.ServerErrors.Count).IsEqualTo(0);
        await Assert.That(repo.XetHashOf("weights/" + id)).IsEqualTo(file.XetHash);
    }

    [Test]
    public async Task JsDownloadFile_XetOff_BridgePathStillServesTheSameFile()
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        hub.AddRepo("org/xet").AddXetFile("model.safetensors", fixtures.Set, ModelV2);
        using var folder = new TempFolder();

        var js = await XetOracle.DownloadAsync(hub.ApiUrl, "org/xet", "model.safetensors", folder.Combine("out"), xet: false);

        await Assert.That(js.Succeeded).IsTrue().Because(js.Output);
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("out"))).SequenceEqual(fixtures.File(ModelV2).Content)).IsTrue();
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).Count).IsEqualTo(0);
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Count).IsGreaterThan(0);
    }

    [Test]
    public async Task JsDownloadFile_PrivateRepo_HubTokenOnlyToTheHubAndXorbUrlsWithoutAuthorization()
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        var repo = hub.AddRepo("org/private").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        repo.Private = true;
        repo.ApprovedTokens.Add("hf_secret_hub_token");
        using var folder = new TempFolder();

        var anonymous = await XetOracle.DownloadAsync(hub.ApiUrl, "org/private", "model.safetensors", folder.Combine("anon"));
        var js = await XetOracle.DownloadAsync(hub.ApiUrl, "org/private", "model.safetensors", folder.Combine("out"), hubToken: "hf_secret_hub_token");

        await Assert.That(anonymous.Succeeded).IsFalse();
        await Assert.That(js.UsedXet).IsTrue().Because(js.Output);
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("out"))).SequenceEqual(fixtures.File(ModelV1).Content)).IsTrue();
        await Assert.That(hub.Cas.RequestsCarrying("hf_secret_hub_token").Count).IsEqualTo(0);
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).All(r => r.Header("Authorization") is null)).IsTrue();
        await Assert.That(hub.RequestsTo(FakeHost.Cas).All(r => r.Header("Authorization")?.StartsWith("Bearer xet_", StringComparison.Ordinal) == true)).IsTrue();
    }

    [Test]
    public async Task JsDownloadFile_XorbUrlsExpiredOnce_ReQueriesTheReconstructionAndSucceeds()
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        hub.AddRepo("org/xet").AddXetFile("model.safetensors", fixtures.Set, ModelV2);
        var expired = hub.Faults.ExpireXorbUrls(TimeSpan.Zero, times: 1);
        using var folder = new TempFolder();

        var js = await XetOracle.DownloadAsync(hub.ApiUrl, "org/xet", "model.safetensors", folder.Combine("out"));

        await Assert.That(js.UsedXet).IsTrue().Because(js.Output);
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("out"))).SequenceEqual(fixtures.File(ModelV2).Content)).IsTrue();
        await Assert.That(expired.Fired).IsEqualTo(1);
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).Count(r => r.Status == 403)).IsGreaterThan(0);
        await Assert.That(hub.Cas.ReconstructionsServed).IsGreaterThanOrEqualTo(2);
    }

    [Test]
    public async Task JsDownloadFile_ModelV2_FetchesOldAndNewXorbsAndOnlyTheirSignedRanges()
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        hub.AddRepo("org/model").AddXetFile("model.safetensors", fixtures.Set, ModelV2);
        using var folder = new TempFolder();
        var v2 = fixtures.File(ModelV2);

        var js = await XetOracle.DownloadAsync(hub.ApiUrl, "org/model", "model.safetensors", folder.Combine("out"));

        await Assert.That(js.UsedXet).IsTrue().Because(js.Output);
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("out"))).SequenceEqual(v2.Content)).IsTrue();
        var xorbRequests = hub.RequestsTo(FakeHost.Transfer);
        await Assert.That(xorbRequests.Select(r => r.PathAndQuery.Split('?')[0]).Distinct().Count()).IsEqualTo(fixtures.Set.XorbsOf(v2).Count);
        await Assert.That(xorbRequests.All(r => r.Status == 206)).IsTrue();
        // v1's xorb is needed in several separate ranges (the edits cut it): one multipart request took them all.
        await Assert.That(xorbRequests.Any(r => r.Range?.Contains(',') == true)).IsTrue();
    }

    [Test]
    public async Task JsDownloadFile_TwoRevisionsAndASiblingRepo_EachCommitServesItsOwnBytes()
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        var v1Commit = repo.Commit;
        repo.SetCommit(new string('2', 40)).AddXetFile("model.safetensors", fixtures.Set, ModelV2);
        hub.AddRepo("other/model").AddXetFile("model.safetensors", fixtures.Set, Sibling);
        using var folder = new TempFolder();

        var v1 = await XetOracle.DownloadAsync(hub.ApiUrl, "org/model", "model.safetensors", folder.Combine("v1"), revision: v1Commit);
        var v2 = await XetOracle.DownloadAsync(hub.ApiUrl, "org/model", "model.safetensors", folder.Combine("v2"));
        var sibling = await XetOracle.DownloadAsync(hub.ApiUrl, "other/model", "model.safetensors", folder.Combine("sibling"));

        await Assert.That(v1.UsedXet && v2.UsedXet && sibling.UsedXet).IsTrue().Because(v1.Output + v2.Output + sibling.Output);
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("v1"))).SequenceEqual(fixtures.File(ModelV1).Content)).IsTrue();
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("v2"))).SequenceEqual(fixtures.File(ModelV2).Content)).IsTrue();
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("sibling"))).SequenceEqual(fixtures.File(Sibling).Content)).IsTrue();
        // The JS client has no reuse across revisions: v2 cost its whole xorb ranges again (the figure issue 22 beats).
        var v1Xorb = fixtures.Set.Xorbs.Values.Single(x => x.Upload == "model-v1").Hash;
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).Count(r => r.PathAndQuery.Contains(v1Xorb, StringComparison.Ordinal))).IsGreaterThanOrEqualTo(3);
    }

    public static IEnumerable<(string Id, long Start, long End)> Slices() =>
    [
        (LargeText, 0, 1),
        (LargeText, 100_000, 100_001),
        (LargeFloats, 1_000_003, 3_500_017),
        (ModelV2, 3 << 20, (3 << 20) + 700_000),
        (ModelV2, 4_400_000, 4_521_984),
        (SmallFloats, 5, 196_000),
    ];

    [Test]
    [MethodDataSource(nameof(Slices))]
    public async Task JsXetBlobSlice_RangedReconstruction_GivesExactlyThoseBytes(string id, long start, long end)
    {
        await using var hub = await FakeHub.FakeHub.StartAsync();
        hub.AddRepo("org/xet").AddXetFile("f.bin", fixtures.Set, id);
        using var folder = new TempFolder();

        var js = await XetOracle.DownloadAsync(hub.ApiUrl, "org/xet", "f.bin", folder.Combine("out"), slice: (start, end));

        await Assert.That(js.UsedXet).IsTrue().Because(js.Output);
        var expected = fixtures.File(id).Content.AsSpan((int)start, (int)(end - start)).ToArray();
        await Assert.That((await File.ReadAllBytesAsync(folder.Combine("out"))).SequenceEqual(expected)).IsTrue();
        var ranges = hub.RequestsTo(FakeHost.Cas).Select(r => r.Range).ToList();
        await Assert.That(ranges).Contains($"bytes={start}-{end - 1}");
    }
}
