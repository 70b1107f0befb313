using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// The bearer-token challenge flow against the real Debian docker-registry configured with <c>auth: token</c>:
/// the test's <see cref="TokenService"/> checks Basic credentials and signs the JWTs the registry verifies
/// against its rootcertbundle. Push and pull through it (skopeo reads what was pushed, through the same
/// token flow); wrong credentials refused in one line; blob reads the registry redirects to storage never carry
/// the token; a token that expires in the middle of a long push or pull is renewed once and the run goes on.
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciTokenAuthTests
{
    private const string User = "fleet";
    private const string Password = "t0ken pass";
    private const int MiB = 1024 * 1024;

    [Test]
    public async Task TokenAuthRegistry_PushAndPull_WrongPasswordRefusedInOneLine_TokenNeverSentToTheRedirect()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var folder = new TempHome();
        await using var tokens = await TokenService.StartAsync(User, Password, folder.Path);
        await using var storage = await BlobStorageServer.StartAsync();
        await using var registry = await TestRegistry.StartAsync(tokens: tokens, redirectTo: storage);
        using var source = new TempHome();
        using var target = new TempHome();
        var reference = registry.Ref("private/e5:v1");

        var anonymous = await hub.DropInAsync(source, "push", reference, hub.E5.Id, "--registry-insecure");
        var push = await source.Run().Env("HF_HOME", source.Sub("hf")).Env("HF_ENDPOINT", hub.Url)
            .Env("DOWNLOAD_MODELS_REGISTRY_USER", User).Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", Password)
            .RunAsync("push", reference, hub.E5.Id, "--registry-insecure");
        var wrong = await target.Run().Env("HF_HOME", target.Sub("hf"))
            .Env("DOWNLOAD_MODELS_REGISTRY_USER", User).Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", "not it")
            .RunAsync("pull", reference, "--registry-insecure");

        await Assert.That(anonymous.ExitCode).IsEqualTo(1).Because(anonymous.ToString());
        await Assert.That(anonymous.StdErr).Contains("asks for credentials");
        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push + "\n" + registry.Log);
        await Assert.That(wrong.ExitCode).IsEqualTo(1).Because(wrong.ToString());
        await Assert.That(wrong.StdErr).Contains("refused the credentials");
        // One error line (after the "Cache: …" line every command starts with).
        await Assert.That(wrong.StdErr.Trim().Split('\n').Where(l => !l.StartsWith("Cache: ", StringComparison.Ordinal))).Count().IsEqualTo(1).Because(wrong.StdErr);
        await Assert.That(wrong.StdErr).DoesNotContain("not it");
        await Assert.That(Directory.Exists(PipelineHub.RepoFolder(PipelineHub.CacheOf(target), hub.E5))).IsFalse().Because("a refused pull writes nothing");
        // The token push asked for names the service and the repository with push rights.
        await Assert.That(tokens.Requests.Any(r => r.StartsWith($"200 service={TokenService.Service} scope=", StringComparison.Ordinal)
            && r.Split(' ').Any(scope => scope.StartsWith("scope=repository:private/e5:", StringComparison.Ordinal) || scope.StartsWith("repository:private/e5:", StringComparison.Ordinal))
            && r.Contains("push", StringComparison.Ordinal))).IsTrue().Because(string.Join('\n', tokens.Requests));

        var servedBefore = storage.Served;
        var pull = await target.Run().Env("HF_HOME", target.Sub("hf"))
            .Env("DOWNLOAD_MODELS_REGISTRY_USER", User).Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", Password)
            .RunAsync("pull", reference, "--registry-insecure");
        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull + "\n" + registry.Log);
        var snapshot = Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(target), hub.E5), "snapshots", hub.E5.Commit);
        foreach (var path in hub.E5.Paths)
            await Assert.That(OciPushPullTests.Listing(snapshot)).Contains($"{path} {hub.E5.Sha256Of(path)}");

        // The registry sent every blob read to the storage by a 307; none of those requests carried the token.
        await Assert.That(storage.Served - servedBefore).IsGreaterThanOrEqualTo(hub.E5.Paths.Count);
        await Assert.That(registry.AccessLines().Any(l => l.Path.Contains("/blobs/sha256:", StringComparison.Ordinal) && l.Status == 307)).IsTrue().Because(registry.Log);
        await Assert.That(storage.AuthorizationsSeen).IsEmpty();

        // skopeo, another client of the same token flow, reads the pushed manifest and copies the artifact, checking every digest.
        var copy = await Skopeo.RunAsync("copy", "--src-tls-verify=false", "--src-creds", $"{User}:{Password}",
            $"docker://{registry.Host}/private/e5:v1", $"oci:{folder.Sub("layout")}:e5");
        await Assert.That(copy.Exit).IsEqualTo(0).Because(copy.Err);
    }

    [Test]
    public async Task TokenExpiresInTheMiddleOfAPushAndOfAPull_RenewedOnceAndTheRunGoesOn()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/long").AddFile("config.json", "{}\n");
        for (var i = 1; i <= 4; i++)
            repo.AddFile($"part-{i}.bin", 2 * MiB + i, lfs: true, seed: i);
        using var folder = new TempHome();
        await using var tokens = await TokenService.StartAsync(User, Password, folder.Path);
        await using var registry = await TestRegistry.StartAsync(tokens: tokens);
        // 8 MiB through a 2 MiB/s line: each run lasts about 4 s, and its first token is accepted for 2 s at most.
        await using var relay = new SlowRelay(registry.Port, 2 * MiB);
        var reference = $"oci://{relay.Host}/models/long:v1";
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness(hub.ApiUrl);
        var get = await source.RunAsync("get", "org/long");
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());

        var pushFrom = ShortFirstToken(tokens);
        var pushLog = registry.AccessLines().Count;
        var push = await source.Env("DOWNLOAD_MODELS_REGISTRY_USER", User).Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", Password)
            .RunAsync("push", reference, "org/long", "--registry-insecure", "--chunk-size", "1");
        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push + "\n" + registry.Log);
        await Assert.That(tokens.Issued - pushFrom).IsEqualTo(2).Because("the first token, then one renewal: " + string.Join('\n', tokens.Requests));
        await Assert.That(RefusedAfterSuccess(registry.AccessLines().Skip(pushLog), "PATCH", "PUT")).IsTrue().Because(registry.Log);

        var pullFrom = ShortFirstToken(tokens);
        var pullLog = registry.AccessLines().Count;
        var pull = await target.Env("DOWNLOAD_MODELS_REGISTRY_USER", User).Env("DOWNLOAD_MODELS_REGISTRY_PASSWORD", Password)
            .RunAsync("pull", reference, "--registry-insecure", "--jobs", "1");
        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull + "\n" + registry.Log);
        await Assert.That(tokens.Issued - pullFrom).IsEqualTo(2).Because("the first token, then one renewal: " + string.Join('\n', tokens.Requests));
        await Assert.That(RefusedAfterSuccess(registry.AccessLines().Skip(pullLog), "GET")).IsTrue().Because(registry.Log);
        var snapshot = Path.Combine(target.HubCache, "models--org--long", "snapshots", repo.Commit);
        foreach (var path in repo.Paths)
            await Assert.That(OciPushPullTests.Listing(snapshot)).Contains($"{path} {repo.Sha256Of(path)}");
    }

    /// <summary>The next token the service issues is accepted for 2 s at most; the ones after it for an hour.</summary>
    private static int ShortFirstToken(TokenService tokens)
    {
        var first = tokens.Issued + 1;
        tokens.ValidFor = n => n == first ? TimeSpan.FromSeconds(2) : TimeSpan.FromHours(1);
        return tokens.Issued;
    }

    /// <summary>A blob request refused (401) after blob requests with a token had succeeded: the token expired mid-run.</summary>
    private static bool RefusedAfterSuccess(IEnumerable<(string Method, string Path, int Status, long Bytes)> lines, params string[] methods)
    {
        var succeeded = false;
        foreach (var line in lines.Where(l => methods.Contains(l.Method) && l.Path.Contains("/blobs/", StringComparison.Ordinal)))
        {
            if (line.Status is >= 200 and < 300)
                succeeded = true;
            else if (line.Status == 401 && succeeded)
                return true;
        }

        return false;
    }
}
