using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DownloadModels.Oci;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// push sends a large blob in chunks, and continues an upload an earlier push left open from the byte the registry
/// holds (its session remembered in the cache), instead of sending the blob again; --mount-from links blobs from
/// another repository of the registry instead of sending them.
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciPushResumeTests
{
    private const int MiB = 1024 * 1024;

    [Test]
    public async Task Push_UploadLeftOpenByAnEarlierPush_ContinuesFromTheRegistrysOffset()
    {
        await using var hub = await HubServer.StartAsync();
        await using var registry = await TestRegistry.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("config.json", "{}\n").AddFile("weights.bin", 3 * MiB + 123, lfs: true, seed: 3);
        using var cli = new CliHarness(hub.ApiUrl);
        var get = await cli.RunAsync("get", "org/big");
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());

        // The earlier push: an upload session of the weights that received their first MiB, remembered where push keeps it.
        var digest = "sha256:" + repo.Sha256Of("weights.bin");
        using var http = new HttpClient();
        using var start = await http.PostAsync($"{registry.Url}/v2/models/big/blobs/uploads/", null);
        var session = new Uri(new Uri(registry.Url), start.Headers.Location!);
        using var chunk = new ByteArrayContent(repo.GetContent("weights.bin")[..MiB]);
        chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        chunk.Headers.TryAddWithoutValidation("Content-Range", $"0-{MiB - 1}");
        using var patch = await http.PatchAsync(session, chunk);
        await Assert.That((int)patch.StatusCode).IsEqualTo(202);
        var state = OciPusher.StatePath(cli.HubCache, new Uri(registry.Url + "/"), "models/big", digest);
        Directory.CreateDirectory(Path.GetDirectoryName(state)!);
        await File.WriteAllTextAsync(state, new Uri(new Uri(registry.Url), patch.Headers.Location!).AbsoluteUri);

        var push = await cli.RunAsync("push", registry.Ref("models/big:v1"), "org/big", "--registry-insecure", "--chunk-size", "1", "--json");

        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        var sent = JsonNode.Parse(push.StdOut)!["registry"]!;
        await Assert.That(sent["bytes_sent"]!.GetValue<long>()).IsLessThan(3L * MiB + 123 + 1000).Because("the first MiB was not sent again: " + push.StdOut);
        var patches = registry.AccessLines().Where(l => l.Method == "PATCH").ToArray();
        await Assert.That(patches.Length).IsGreaterThanOrEqualTo(3).Because("the rest went in 1 MiB chunks");
        await Assert.That(File.Exists(state)).IsFalse();
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{registry.Url}/v2/models/big/blobs/{digest}"));
        await Assert.That(head.Content.Headers.ContentLength).IsEqualTo(3L * MiB + 123);
    }

    [Test]
    public async Task Push_MountFromAnotherRepository_NoBlobSent()
    {
        await using var hub = await HubServer.StartAsync();
        await using var registry = await TestRegistry.StartAsync();
        hub.AddRepo("org/small").AddFile("config.json", "{}\n").AddFile("weights.bin", 200_000, lfs: true, seed: 4);
        using var cli = new CliHarness(hub.ApiUrl);

        var first = await cli.RunAsync("push", registry.Ref("team/a:v1"), "org/small", "--registry-insecure");
        var second = await cli.RunAsync("push", registry.Ref("team/b:v1"), "org/small", "--registry-insecure", "--mount-from", "team/a", "--json");

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        var sent = JsonNode.Parse(second.StdOut)!["registry"]!;
        await Assert.That(sent["blobs_mounted"]!.GetValue<int>()).IsEqualTo(2);
        await Assert.That(sent["blobs_sent"]!.GetValue<int>()).IsEqualTo(0);
    }
}
