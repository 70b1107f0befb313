using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// Registries that lie: an artifact that is not a model, a manifest whose annotations disagree with the bytes, a
/// blob whose stored bytes differ from its digest, a 50 MB manifest. Each gets one clear line, a non-zero exit,
/// and the cache keeps nothing of it (no repo folder, or no ref and no blob of the wrong bytes).
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciHostileTests
{
    [Test]
    public async Task Pull_ContainerImageNotAModel_RefusedNothingWritten()
    {
        await using var registry = await TestRegistry.StartAsync();
        using var target = new TempHome();
        using var http = new HttpClient();
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var configDigest = await PushBlobAsync(http, registry, "apps/web", config);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = config.Length },
            ["layers"] = new JsonArray(),
        };
        await PutManifestAsync(http, registry, "apps/web", "v1", manifest);

        var pull = await target.Run().Env("HF_HOME", target.Sub("hf")).RunAsync("pull", registry.Ref("apps/web:v1"), "--registry-insecure");

        await Assert.That(pull.ExitCode).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.ErrorLines.Length).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.StdErr).Contains("is not a CNCF ModelPack model");
        await Assert.That(CacheRepos(target)).IsEmpty();
    }

    [Test]
    public async Task Pull_ManifestWhoseGitOidLies_RefusedNothingWritten()
    {
        await using var s = await PushedE5.StartAsync();
        var (registry, target) = (s.Registry, s.Target);
        using var http = new HttpClient();
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{registry.Url}/v2/models/e5/manifests/v1") { Headers = { { "Accept", "application/vnd.oci.image.manifest.v1+json" } } };
        using var answer = await http.SendAsync(get);
        var manifest = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
        var small = manifest["layers"]!.AsArray().First(l => l!["annotations"]!["io.download-models.hf.lfs"] is null)!;
        small["annotations"]!["io.download-models.hf.git-oid"] = new string('0', 40);
        await PutManifestAsync(http, registry, "models/e5", "lying", manifest);

        var pull = await s.InTarget().RunAsync("pull", registry.Ref("models/e5:lying"), "--registry-insecure");

        await Assert.That(pull.ExitCode).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.ErrorLines.Length).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.StdErr).Contains("nothing was written");
        await Assert.That(CacheRepos(target)).IsEmpty();
    }

    [Test]
    public async Task Pull_BlobStoredWithOtherBytes_DigestMismatchReportedNoRefNoBadBlob()
    {
        await using var s = await PushedE5.StartAsync();
        var (hub, largest) = (s.Hub, s.LargestLfsFile);
        var bad = hub.E5.GetContent(largest);
        bad[bad.Length / 2] ^= 0xff;
        s.Registry.Tamper("sha256:" + hub.E5.Sha256Of(largest), bad);

        var pull = await s.InTarget().Env("DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS", "10").RunAsync("pull", s.Registry.Ref(PushedE5.Reference), "--registry-insecure");

        await Assert.That(pull.ExitCode).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.StdErr).Contains("does not match its digest");
        var repoFolder = PipelineHub.RepoFolder(PipelineHub.CacheOf(s.Target), hub.E5);
        await Assert.That(Directory.Exists(Path.Combine(repoFolder, "refs"))).IsFalse();
        await Assert.That(Directory.Exists(Path.Combine(repoFolder, "snapshots"))).IsFalse().Because("files are linked only once every one is verified");
        await Assert.That(File.Exists(Path.Combine(repoFolder, "blobs", hub.E5.Sha256Of(largest)))).IsFalse();
    }

    [Test]
    public async Task Pull_FiftyMegabyteManifest_RefusedUnreadNothingWritten()
    {
        await using var server = await HugeManifestServer.StartAsync(50 * 1024 * 1024);
        using var target = new TempHome();

        var pull = await target.Run().Env("HF_HOME", target.Sub("hf")).RunAsync("pull", $"oci://{server.Host}/models/huge:v1", "--registry-insecure");

        await Assert.That(pull.ExitCode).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.ErrorLines.Length).IsEqualTo(1).Because(pull.ToString());
        await Assert.That(pull.StdErr).Contains("refused unread");
        await Assert.That(pull.StdErr).Contains("is 52.4 MB").Because("refused on its announced length, before reading it");
        await Assert.That(CacheRepos(target)).IsEmpty();
    }

    private static string[] CacheRepos(TempHome home)
    {
        var cache = PipelineHub.CacheOf(home);
        return Directory.Exists(cache) ? [.. Directory.EnumerateDirectories(cache, "*--*").Select(Path.GetFileName)!] : [];
    }

    internal static async Task<string> PushBlobAsync(HttpClient http, TestRegistry registry, string name, byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        using var start = await http.PostAsync($"{registry.Url}/v2/{name}/blobs/uploads/", null);
        start.EnsureSuccessStatusCode();
        var location = new Uri(new Uri(registry.Url), start.Headers.Location!);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync($"{location}{(location.Query.Length > 0 ? "&" : "?")}digest={Uri.EscapeDataString(digest)}", body);
        put.EnsureSuccessStatusCode();
        return digest;
    }

    internal static async Task PutManifestAsync(HttpClient http, TestRegistry registry, string name, string tag, JsonNode manifest)
    {
        using var body = new StringContent(manifest.ToJsonString(), Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using var put = await http.PutAsync($"{registry.Url}/v2/{name}/manifests/{tag}", body);
        await Assert.That(put.IsSuccessStatusCode).IsTrue().Because(await put.Content.ReadAsStringAsync());
    }

    /// <summary>A "registry" on 127.0.0.1 whose every manifest is a JSON document of the given size (distribution itself refuses to store one over 4 MiB).</summary>
    private sealed class HugeManifestServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _sent;

        private HugeManifestServer(WebApplication app) => _app = app;

        public string Host { get; private set; } = "";

        public long BytesSent => Interlocked.Read(ref _sent);

        public static async Task<HugeManifestServer> StartAsync(int size)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new HugeManifestServer(app);
            app.MapGet("/v2/{**rest}", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/vnd.oci.image.manifest.v1+json";
                context.Response.ContentLength = size;
                var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{"));
                for (long left = size - 2; left > 0;)
                {
                    var n = (int)Math.Min(chunk.Length, left);
                    try
                    {
                        await context.Response.Body.WriteAsync(chunk.AsMemory(0, n), context.RequestAborted);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException)
                    {
                        return;
                    }

                    Interlocked.Add(ref server._sent, n);
                    left -= n;
                }

                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("}"));
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Host = new Uri(address).Authority;
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
