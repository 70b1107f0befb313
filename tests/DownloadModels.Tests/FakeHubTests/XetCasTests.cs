using System.Diagnostics;
using System.Text.Json.Nodes;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.FakeHub.Xet;
using DownloadModels.Tests.XetCrossCheck;

namespace DownloadModels.Tests.FakeHubTests;

using static XetStandardFixtures;

/// <summary>
/// The fake CAS's own rules (protocol doc §1, §2, §4, §5), one by one, over the JS-made fixtures: what the Xet client
/// will be judged by. That a real client can download through it is <see cref="JsClientCrossCheckTests"/>'s part.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
public sealed class XetCasTests(XetFixtures fixtures)
{
    private async Task<(FakeHub.FakeHub Hub, FakeRepo Repo)> StartAsync(string id = ModelV2)
    {
        var hub = await FakeHub.FakeHub.StartAsync();
        var repo = hub.AddRepo("org/xet").AddXetFile("model.safetensors", fixtures.Set, id).AddFile("config.json", "{}");
        return (hub, repo);
    }

    private static async Task<string> TokenAsync(FakeHub.FakeHub hub, HttpClient http, FakeRepo repo, string? hubToken = null)
    {
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/{repo.Id}/xet-read-token/{repo.Commit}", hubToken);
        return (await response.JsonAsync())["accessToken"]!.GetValue<string>();
    }

    private async Task<JsonNode> ReconstructAsync(FakeHub.FakeHub hub, HttpClient http, string token, string? range = null, string version = "v2", string id = ModelV2)
    {
        using var response = await http.SendAsync($"{hub.CasUrl}/{version}/reconstructions/{fixtures.File(id).XetHash}", token, range);
        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        return await response.JsonAsync();
    }

    [Test]
    public async Task Tree_XetFile_ListsTheRealXetHashAndLfsBlock()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/xet/tree/main?recursive=true");
        var entry = (await response.JsonAsync()).AsArray().Single(e => e!["path"]!.GetValue<string>() == "model.safetensors")!;

        await Assert.That(entry["xetHash"]!.GetValue<string>()).IsEqualTo(fixtures.File(ModelV2).XetHash);
        await Assert.That(entry["lfs"]!["oid"]!.GetValue<string>()).IsEqualTo(fixtures.File(ModelV2).Sha256);
        await Assert.That(entry["lfs"]!["size"]!.GetValue<long>()).IsEqualTo(fixtures.File(ModelV2).Size);
        await Assert.That(repo.XetFixtureOf("config.json")).IsNull();
    }

    [Test]
    public async Task HeadResolve_XetFile_302WithXetHeadersAndBothLinkRels()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/org/xet/resolve/main/model.safetensors", method: "HEAD");
        var file = fixtures.File(ModelV2);

        await Assert.That((int)response.StatusCode).IsEqualTo(302);
        await Assert.That(response.Header("X-Xet-Hash")).IsEqualTo(file.XetHash);
        await Assert.That(response.Header("X-Linked-Size")).IsEqualTo(file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assert.That(response.Header("X-Linked-Etag")).IsEqualTo($"\"{file.Sha256}\"");
        await Assert.That(response.Header("X-Repo-Commit")).IsEqualTo(repo.Commit);
        await Assert.That(response.Header("Link")).IsEqualTo(
            $"<{hub.ApiUrl}/api/models/org/xet/xet-read-token/{repo.Commit}>; rel=\"xet-auth\", <{hub.CasUrl}/v1/reconstructions/{file.XetHash}>; rel=\"xet-reconstruction-info\"");
        await Assert.That(response.Headers.Location!.ToString()).StartsWith(hub.CdnUrl + "/");
    }

    [Test]
    public async Task GetResolve_XetFileInfoAccept_200FileInfoWithoutRedirect()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.ApiUrl}/org/xet/resolve/main/model.safetensors");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.xet-fileinfo+json, */*");
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-0");
        using var response = await http.SendAsync(request);

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        await Assert.That(response.Header("Content-Type")).IsEqualTo("application/vnd.xet-fileinfo+json");
        await Assert.That(response.Header("X-Xet-Hash")).IsEqualTo(fixtures.File(ModelV2).XetHash);
        await Assert.That((await response.JsonAsync())["hash"]!.GetValue<string>()).IsEqualTo(fixtures.File(ModelV2).XetHash);
        // Files the CAS does not hold (a regular file) answer as before.
        using var config = new HttpRequestMessage(HttpMethod.Get, $"{hub.ApiUrl}/org/xet/resolve/main/config.json");
        config.Headers.TryAddWithoutValidation("Accept", "application/vnd.xet-fileinfo+json, */*");
        using var regular = await http.SendAsync(config);
        await Assert.That((int)regular.StatusCode).IsEqualTo(307);
    }

    [Test]
    public async Task Bridge_Follow302_PlainBytesOfTheSameFile()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.FollowAsync($"{hub.ApiUrl}/org/xet/resolve/main/model.safetensors");

        await Assert.That((await response.Content.ReadAsByteArrayAsync()).SequenceEqual(fixtures.File(ModelV2).Content)).IsTrue();
    }

    [Test]
    public async Task TokenRoute_PublicPrivateAndUnknown_AnswersAsTheHub()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var url = $"{hub.ApiUrl}/api/models/org/xet/xet-read-token/{repo.Commit}";

        using var anonymous = await http.SendAsync(url);
        var json = await anonymous.JsonAsync();
        await Assert.That((int)anonymous.StatusCode).IsEqualTo(200);
        await Assert.That(json["casUrl"]!.GetValue<string>()).IsEqualTo(hub.CasUrl);
        await Assert.That(json["exp"]!.GetValue<long>()).IsGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600);
        await Assert.That(anonymous.Header("X-Xet-Access-Token")).IsEqualTo(json["accessToken"]!.GetValue<string>());

        repo.Private = true;
        repo.ApprovedTokens.Add("hf_owner");
        using var refused = await http.SendAsync(url);
        using var badToken = await http.SendAsync(url, "hf_unknown");
        using var allowed = await http.SendAsync(url, "hf_owner");
        using var unknownRevision = await http.SendAsync($"{hub.ApiUrl}/api/models/org/xet/xet-read-token/nope", "hf_owner");
        await Assert.That((int)refused.StatusCode).IsEqualTo(401);
        await Assert.That((int)badToken.StatusCode).IsEqualTo(401);
        await Assert.That((int)allowed.StatusCode).IsEqualTo(200);
        await Assert.That((int)unknownRevision.StatusCode).IsEqualTo(404);
        await Assert.That(hub.Cas.TokensIssued).IsEqualTo(2);
    }

    [Test]
    public async Task Reconstruction_WithoutOrWithBadToken_401AndTheHubTokenIsNoCasToken()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.ValidTokens.Add("hf_hub_token");
        using var http = HubHttp.Client();
        var url = $"{hub.CasUrl}/v2/reconstructions/{fixtures.File(ModelV2).XetHash}";

        using var none = await http.SendAsync(url);
        using var hubToken = await http.SendAsync(url, "hf_hub_token");
        var token = await TokenAsync(hub, http, repo);
        hub.Cas.RevokeTokens();
        using var revoked = await http.SendAsync(url, token);
        using var fresh = await http.SendAsync(url, await TokenAsync(hub, http, repo));

        await Assert.That((int)none.StatusCode).IsEqualTo(401);
        await Assert.That((int)hubToken.StatusCode).IsEqualTo(401);
        await Assert.That((int)revoked.StatusCode).IsEqualTo(401);
        await Assert.That((int)fresh.StatusCode).IsEqualTo(200);
        // The leak check sees the Hub token this test itself sent to the CAS.
        await Assert.That(hub.Cas.RequestsCarrying("hf_hub_token").Count).IsEqualTo(1);
    }

    [Test]
    public async Task Reconstruction_TokenExpiredFault_401UntilRefreshed()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.Faults.ExpireXetTokens(TimeSpan.Zero);
        using var http = HubHttp.Client();
        var url = $"{hub.CasUrl}/v2/reconstructions/{fixtures.File(ModelV2).XetHash}";

        using var expired = await http.SendAsync(url, await TokenAsync(hub, http, repo));
        using var refreshed = await http.SendAsync(url, await TokenAsync(hub, http, repo));

        await Assert.That((int)expired.StatusCode).IsEqualTo(401);
        await Assert.That((int)refreshed.StatusCode).IsEqualTo(200);
    }

    [Test]
    public async Task ReconstructionV2_WholeFile_TermsAsUploadedAndOneUrlPerXorb()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var json = await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo));
        var file = fixtures.File(ModelV2);

        await Assert.That(json["offset_into_first_range"]!.GetValue<long>()).IsEqualTo(0);
        var terms = json["terms"]!.AsArray().Select(t => $"{t!["hash"]}:{t["range"]!["start"]}-{t["range"]!["end"]}:{t["unpacked_length"]}");
        await Assert.That(string.Join(" ", terms)).IsEqualTo(string.Join(" ", file.Terms.Select(t => $"{t.Xorb}:{t.Start}-{t.End}:{t.UnpackedLength}")));
        var xorbs = json["xorbs"]!.AsObject();
        await Assert.That(xorbs.Count).IsEqualTo(fixtures.Set.XorbsOf(file).Count);
        foreach (var (hash, entries) in xorbs)
        {
            var entry = entries!.AsArray().Single()!;
            var ranges = entry["ranges"]!.AsArray();
            var signed = string.Join(",", ranges.Select(r => $"{r!["bytes"]!["start"]}-{r["bytes"]!["end"]}"));
            await Assert.That(entry["url"]!.GetValue<string>()).StartsWith($"{hub.TransferUrl}/xorb/default/{hash}?X-Xet-Signed-Range={Uri.EscapeDataString("bytes=" + signed)}&Expires=");
            var xorb = fixtures.Set.Xorbs[hash];
            foreach (var r in ranges)
            {
                var (start, end) = (r!["chunks"]!["start"]!.GetValue<int>(), r["chunks"]!["end"]!.GetValue<int>());
                await Assert.That(r["bytes"]!["start"]!.GetValue<long>()).IsEqualTo(xorb.ByteRange(start, end).Start);
                await Assert.That(r["bytes"]!["end"]!.GetValue<long>()).IsEqualTo(xorb.ByteRange(start, end).End - 1);
            }
        }
    }

    [Test]
    [Arguments(0L, 0L)]
    [Arguments(1L, 70_000L)]
    [Arguments(200_000L, 2_000_000L)]
    [Arguments(4_500_000L, 99_999_999L)]
    public async Task ReconstructionV2_Range_WholeChunksCoveringItAndTheOffsetIntoTheFirst(long first, long last)
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var json = await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo), $"bytes={first}-{last}");
        var file = fixtures.File(ModelV2);
        var end = Math.Min(last, file.Size - 1);

        var covering = file.Chunks.Where(c => c.Offset + c.Length > first && c.Offset <= end).ToList();
        var planned = json["terms"]!.AsArray().SelectMany(t => fixtures.Set.Xorbs[t!["hash"]!.GetValue<string>()].Chunks
            .Skip(t["range"]!["start"]!.GetValue<int>()).Take(t["range"]!["end"]!.GetValue<int>() - t["range"]!["start"]!.GetValue<int>()));
        await Assert.That(string.Join(",", planned.Select(c => c.Hash))).IsEqualTo(string.Join(",", covering.Select(c => c.Hash)));
        await Assert.That(json["offset_into_first_range"]!.GetValue<long>()).IsEqualTo(first - covering[0].Offset);
        await Assert.That(json["terms"]!.AsArray().Sum(t => t!["unpacked_length"]!.GetValue<long>())).IsEqualTo(covering.Sum(c => (long)c.Length));
    }

    [Test]
    public async Task ReconstructionV2_RangePastTheEnd_416()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var size = fixtures.File(ModelV2).Size;
        using var response = await http.SendAsync($"{hub.CasUrl}/v2/reconstructions/{fixtures.File(ModelV2).XetHash}", await TokenAsync(hub, http, repo), $"bytes={size}-{size + 10}");

        await Assert.That((int)response.StatusCode).IsEqualTo(416);
    }

    [Test]
    public async Task ReconstructionV1_WholeFile_FetchInfoOneSignedRangePerUrl()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var json = await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo), version: "v1");

        await Assert.That(json["xorbs"]).IsNull();
        foreach (var (_, entries) in json["fetch_info"]!.AsObject())
        {
            foreach (var entry in entries!.AsArray())
            {
                var signed = $"bytes={entry!["url_range"]!["start"]}-{entry["url_range"]!["end"]}";
                await Assert.That(entry["url"]!.GetValue<string>()).Contains("X-Xet-Signed-Range=" + Uri.EscapeDataString(signed) + "&");
                using var bytes = await http.SendAsync(entry["url"]!.GetValue<string>(), range: signed);
                await Assert.That((int)bytes.StatusCode).IsEqualTo(206);
            }
        }
    }

    [Test]
    public async Task ReconstructionV2_Missing_404WhileV1Serves()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.Cas.V2Status = 404;
        using var http = HubHttp.Client();
        var token = await TokenAsync(hub, http, repo);
        using var v2 = await http.SendAsync($"{hub.CasUrl}/v2/reconstructions/{fixtures.File(ModelV2).XetHash}", token);

        await Assert.That((int)v2.StatusCode).IsEqualTo(404);
        await Assert.That((await ReconstructAsync(hub, http, token, version: "v1"))["fetch_info"]).IsNotNull();
    }

    [Test]
    public async Task Reconstruction_UnknownOrBadHash_404Or400()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var token = await TokenAsync(hub, http, repo);
        using var unknown = await http.SendAsync($"{hub.CasUrl}/v2/reconstructions/{new string('a', 64)}", token);
        using var bad = await http.SendAsync($"{hub.CasUrl}/v2/reconstructions/xyz", token);

        await Assert.That((int)unknown.StatusCode).IsEqualTo(404);
        await Assert.That((int)bad.StatusCode).IsEqualTo(400);
    }

    [Test]
    public async Task XorbUrl_OnlyTheSignedRanges_SingleMultipartOrRefused()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var json = await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo));
        var (hash, entry) = json["xorbs"]!.AsObject().Select(p => (p.Key, p.Value!.AsArray().Single()!)).First(p => p.Item2["ranges"]!.AsArray().Count > 1);
        var url = entry["url"]!.GetValue<string>();
        var ranges = entry["ranges"]!.AsArray().Select(r => (First: r!["bytes"]!["start"]!.GetValue<long>(), Last: r["bytes"]!["end"]!.GetValue<long>())).ToList();
        var xorb = fixtures.Set.Xorbs[hash].Bytes;

        using var all = await http.SendAsync(url, range: "bytes=" + string.Join(",", ranges.Select(r => $"{r.First}-{r.Last}")));
        using var one = await http.SendAsync(url, range: $"bytes={ranges[1].First}-{ranges[1].Last}");
        using var sub = await http.SendAsync(url, range: $"bytes={ranges[0].First}-{ranges[0].Last - 1}");
        using var none = await http.SendAsync(url);
        using var reversed = await http.SendAsync(url, range: $"bytes={ranges[1].First}-{ranges[1].Last},{ranges[0].First}-{ranges[0].Last}");
        using var forged = await http.SendAsync(url.Replace("Signature=", "Signature=0", StringComparison.Ordinal), range: $"bytes={ranges[1].First}-{ranges[1].Last}");

        await Assert.That((int)all.StatusCode).IsEqualTo(206);
        await Assert.That(all.Header("Content-Type")).StartsWith("multipart/byteranges; boundary=");
        var body = await all.Content.ReadAsByteArrayAsync();
        foreach (var (first, last) in ranges)
        {
            await Assert.That(IndexOf(body, xorb.AsSpan((int)first, (int)(last - first + 1)).ToArray())).IsGreaterThan(0);
        }

        await Assert.That((int)one.StatusCode).IsEqualTo(206);
        await Assert.That(one.Header("Content-Range")).IsEqualTo($"bytes {ranges[1].First}-{ranges[1].Last}/{xorb.Length}");
        await Assert.That((await one.Content.ReadAsByteArrayAsync()).SequenceEqual(xorb.AsSpan((int)ranges[1].First, (int)(ranges[1].Last - ranges[1].First + 1)).ToArray())).IsTrue();
        await Assert.That((int)sub.StatusCode).IsEqualTo(403);
        await Assert.That((int)none.StatusCode).IsEqualTo(403);
        await Assert.That((int)reversed.StatusCode).IsEqualTo(403);
        await Assert.That((int)forged.StatusCode).IsEqualTo(403);
        // Signed URLs carry no credentials of ours, and the transfer host never asks for any.
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).All(r => r.Header("Authorization") is null)).IsTrue();
    }

    [Test]
    public async Task XorbUrl_MaxRangesPerUrlOne_OneEntryPerRange()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.Cas.MaxRangesPerUrl = 1;
        using var http = HubHttp.Client();
        var json = await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo));

        await Assert.That(json["xorbs"]!.AsObject().Any(p => p.Value!.AsArray().Count > 1)).IsTrue();
        await Assert.That(json["xorbs"]!.AsObject().All(p => p.Value!.AsArray().All(e => e!["ranges"]!.AsArray().Count == 1))).IsTrue();
    }

    [Test]
    public async Task XorbUrl_ExpiredFault_403ThenAFreshReconstructionWorks()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.Faults.ExpireXorbUrls(TimeSpan.Zero);
        using var http = HubHttp.Client();
        var token = await TokenAsync(hub, http, repo);

        async Task<int> FirstXorbStatusAsync()
        {
            var entry = (await ReconstructAsync(hub, http, token))["xorbs"]!.AsObject().First().Value!.AsArray()[0]!;
            var range = entry["ranges"]!.AsArray()[0]!["bytes"]!;
            using var response = await http.SendAsync(entry["url"]!.GetValue<string>(), range: $"bytes={range["start"]}-{range["end"]}");
            return (int)response.StatusCode;
        }

        await Assert.That(await FirstXorbStatusAsync()).IsEqualTo(403);
        await Assert.That(await FirstXorbStatusAsync()).IsEqualTo(206);
    }

    [Test]
    public async Task XorbUrl_CorruptChunkFault_FlipsBytesInsideThatChunkOnly()
    {
        var (hub, repo) = await StartAsync(SmallText);
        await using var _ = hub;
        var file = fixtures.File(SmallText);
        var term = file.Terms[0];
        var xorb = fixtures.Set.Xorbs[term.Xorb];
        var fault = hub.Faults.CorruptXorbChunk(term.Xorb, term.Start + 1);
        using var http = HubHttp.Client();
        var entry = (await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo), id: SmallText))["xorbs"]![term.Xorb]!.AsArray()[0]!;
        var range = entry["ranges"]!.AsArray()[0]!["bytes"]!;
        var (first, last) = (range["start"]!.GetValue<long>(), range["end"]!.GetValue<long>());
        using var response = await http.SendAsync(entry["url"]!.GetValue<string>(), range: $"bytes={first}-{last}");
        var body = await response.Content.ReadAsByteArrayAsync();

        var expected = xorb.Bytes.AsSpan((int)first, (int)(last - first + 1)).ToArray();
        var changed = Enumerable.Range(0, body.Length).Where(i => body[i] != expected[i]).Select(i => first + i).ToList();
        var chunk = xorb.Chunks[term.Start + 1];
        await Assert.That(fault.Fired).IsEqualTo(1);
        await Assert.That(changed.Count).IsGreaterThan(0);
        await Assert.That(changed.All(i => i >= chunk.Offset + 8 && i < chunk.Offset + chunk.PackedLength)).IsTrue();
    }

    [Test]
    public async Task XorbUrl_ThrottleAndCounter_PacedPerAnswerAndCounted()
    {
        var (hub, repo) = await StartAsync(SmallRandom);
        await using var _ = hub;
        hub.Faults.ThrottleBytesPerSecond(400_000, host: FakeHost.Transfer);
        using var http = HubHttp.Client();
        var entry = (await ReconstructAsync(hub, http, await TokenAsync(hub, http, repo), id: SmallRandom))["xorbs"]!.AsObject().First().Value!.AsArray()[0]!;
        var range = entry["ranges"]!.AsArray()[0]!["bytes"]!;
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(entry["url"]!.GetValue<string>(), range: $"bytes={range["start"]}-{range["end"]}");
        var body = await response.Content.ReadAsByteArrayAsync();

        // ~196 KiB at 400 kB/s: about half a second, never instant.
        await Assert.That(clock.Elapsed).IsGreaterThan(TimeSpan.FromMilliseconds(300));
        await Assert.That(hub.Cas.XorbBytesServed).IsEqualTo(body.Length);
    }

    [Test]
    public async Task XorbUrl_StallAndCutFaults_PauseOrEndTheBodyEarly()
    {
        var (hub, repo) = await StartAsync(SmallRandom);
        await using var _ = hub;
        using var http = HubHttp.Client();
        var token = await TokenAsync(hub, http, repo);

        async Task<(byte[] Body, bool Broken, TimeSpan Took)> FetchAsync()
        {
            var entry = (await ReconstructAsync(hub, http, token, id: SmallRandom))["xorbs"]!.AsObject().First().Value!.AsArray()[0]!;
            var range = entry["ranges"]!.AsArray()[0]!["bytes"]!;
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(entry["url"]!.GetValue<string>(), range: $"bytes={range["start"]}-{range["end"]}");
            var (body, broken) = await response.ReadBodyAsync();
            return (body, broken, clock.Elapsed);
        }

        hub.Faults.Stall(TimeSpan.FromMilliseconds(800), afterBytes: 1000, host: FakeHost.Transfer);
        var stalled = await FetchAsync();
        hub.Faults.CutBodyAfter(5000, host: FakeHost.Transfer);
        var cut = await FetchAsync();
        var whole = await FetchAsync();

        await Assert.That(stalled.Broken).IsFalse();
        await Assert.That(stalled.Took).IsGreaterThan(TimeSpan.FromMilliseconds(700));
        await Assert.That(cut.Broken).IsTrue();
        await Assert.That(cut.Body.Length).IsEqualTo(5000);
        await Assert.That(whole.Body.SequenceEqual(stalled.Body)).IsTrue();
    }

    [Test]
    public async Task Cas_Unreachable_TokenNamesAClosedPort()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.Cas.Unreachable = true;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/xet/xet-read-token/{repo.Commit}");
        var casUrl = (await response.JsonAsync())["casUrl"]!.GetValue<string>();

        await Assert.That(casUrl).IsNotEqualTo(hub.CasUrl);
        await Assert.That(async () => await http.SendAsync($"{casUrl}/v2/reconstructions/{fixtures.File(ModelV2).XetHash}")).Throws<HttpRequestException>();
    }

    [Test]
    public async Task Cas_StatusAndNonsenseFaults_OnTheCasHostOnly()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.Faults.Status(503, host: FakeHost.Cas);
        hub.Faults.Answer(CustomAnswer.Json("{\"terms\": 42"), times: 1, host: FakeHost.Cas);
        using var http = HubHttp.Client();
        var token = await TokenAsync(hub, http, repo);
        var url = $"{hub.CasUrl}/v2/reconstructions/{fixtures.File(ModelV2).XetHash}";

        using var unavailable = await http.SendAsync(url, token);
        using var nonsense = await http.SendAsync(url, token);
        using var fine = await http.SendAsync(url, token);

        await Assert.That((int)unavailable.StatusCode).IsEqualTo(503);
        await Assert.That(await nonsense.Content.ReadAsStringAsync()).IsEqualTo("{\"terms\": 42");
        await Assert.That((int)fine.StatusCode).IsEqualTo(200);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
