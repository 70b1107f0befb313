using System.Text;
using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// Registries as they are: htpasswd basic auth (credentials from Docker's config.json or the environment, refused
/// without or with wrong ones), and a second registry configured as a pull-through cache of the first, used both
/// as the registry itself and as a --registry-mirror in front of the origin.
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciRegistryAccessTests
{
    [Test]
    public async Task BasicAuthRegistry_CredentialsFromDockerConfigOrEnvironment_PushAndPullWork()
    {
        await using var hub = await PipelineHub.StartAsync();
        await using var registry = await TestRegistry.StartAsync(user: "fleet", password: "s3cret pass");
        using var source = new TempHome();
        using var target = new TempHome();
        var reference = registry.Ref("private/e5:v1");
        var docker = source.Sub("docker");
        Directory.CreateDirectory(docker);
        await File.WriteAllTextAsync(Path.Combine(docker, "config.json"),
            new JsonObject { ["auths"] = new JsonObject { [registry.Host] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("fleet:s3cret pass")) } } }.ToJsonString());

        var anonymous = await hub.DropInAsync(source, "push", reference, hub.E5.Id, "--registry-insecure");
        var push = await source.Run().Env("HF_HOME", source.Sub("hf")).Env("HF_ENDPOINT", hub.Url).Env("DOCKER_CONFIG", docker)
            .RunAsync("push", reference, hub.E5.Id, "--registry-insecure");
        var wrong = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("DOWNLOAD_MODELS_REGISTRY_USER", "fleet").Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", "nope")
            .RunAsync("pull", reference, "--registry-insecure");

        await Assert.That(anonymous.ExitCode).IsEqualTo(1).Because(anonymous.ToString());
        await Assert.That(anonymous.StdErr).Contains("asks for credentials");
        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        await Assert.That(wrong.ExitCode).IsEqualTo(1).Because(wrong.ToString());
        await Assert.That(wrong.StdErr).Contains("refused the credentials");
        await Assert.That(wrong.StdErr).DoesNotContain("nope");
        await Assert.That(Directory.Exists(PipelineHub.RepoFolder(PipelineHub.CacheOf(target), hub.E5))).IsFalse().Because("a refused pull writes nothing");
        var pull = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("DOWNLOAD_MODELS_REGISTRY_USER", "fleet").Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", "s3cret pass")
            .RunAsync("pull", reference, "--registry-insecure");
        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull.ToString());
        var snapshot = Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(target), hub.E5), "snapshots", hub.E5.Commit);
        foreach (var path in hub.E5.Paths)
            await Assert.That(OciPushPullTests.Listing(snapshot)).Contains($"{path} {hub.E5.Sha256Of(path)}");
    }

    [Test]
    public async Task PullThroughCache_AsRegistryAndAsMirror_OriginServesTheBlobsOnce()
    {
        await using var hub = await PipelineHub.StartAsync();
        await using var origin = await TestRegistry.StartAsync();
        await using var proxy = await TestRegistry.StartAsync(proxyOf: origin.Url);
        using var source = new TempHome();
        using var first = new TempHome();
        using var second = new TempHome();
        var push = await hub.DropInAsync(source, "push", origin.Ref("models/e5:v1"), hub.E5.Id, "--registry-insecure");
        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        var servedByPush = origin.BlobBytesServed();

        // A node pulls through the cache as its registry; the next one asks the origin, with the cache as its mirror.
        var viaProxy = await first.Run().Env("HF_HOME", first.Sub("hf")).RunAsync("pull", proxy.Ref("models/e5:v1"), "--registry-insecure");
        var servedAfterFirst = origin.BlobBytesServed() - servedByPush;
        var viaMirror = await second.Run().Env("HF_HOME", second.Sub("hf")).RunAsync("pull", origin.Ref("models/e5:v1"), "--registry-insecure", "--registry-mirror", proxy.Url);
        var servedAfterSecond = origin.BlobBytesServed() - servedByPush - servedAfterFirst;

        await Assert.That(viaProxy.ExitCode).IsEqualTo(0).Because(viaProxy.ToString());
        await Assert.That(viaMirror.ExitCode).IsEqualTo(0).Because(viaMirror.ToString());
        await Assert.That(servedAfterFirst).IsGreaterThan(0);
        await Assert.That(servedAfterSecond).IsEqualTo(0).Because("the mirror had every blob: " + origin.Log);
        foreach (var home in new[] { first, second })
        {
            var snapshot = Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(home), hub.E5), "snapshots", hub.E5.Commit);
            await Assert.That(OciPushPullTests.Listing(snapshot).Length).IsEqualTo(hub.E5.Paths.Count);
        }
    }
}
