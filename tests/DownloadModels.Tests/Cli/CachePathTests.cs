using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>Where the files land, and that the run says where, for each way of choosing the cache.</summary>
public sealed class CachePathTests
{
    [Test]
    public async Task CacheDir_Given_CacheIsPathHubAndPrinted()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);
        var custom = Path.Combine(cli.Root, "custom");

        var result = await cli.RunAsync("get", "org/model", "--cache-dir", custom);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"Cache: {custom}/hub (from --cache-dir)");
        await Assert.That(Directory.Exists(Path.Combine(custom, "hub", "models--org--model"))).IsTrue();
    }

    [Test]
    public async Task ModelCacheDir_InDotEnvWithVariable_ExpandedFromTheEnvironment()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_HOME", null).Env("BASE", cli.Root);
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, ".env"), "MODEL_CACHE_DIR=${BASE}/models\n");

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"Cache: {cli.Root}/models/huggingface/hub (from MODEL_CACHE_DIR (.env))");
        await Assert.That(Directory.Exists(Path.Combine(cli.Root, "models", "huggingface", "hub", "models--org--model"))).IsTrue();
    }

    [Test]
    public async Task ModelCacheDir_InDotEnvOnly_UsesItsHuggingfaceFolder()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_HOME", null);
        var mounted = Path.Combine(cli.Root, "mnt-models");
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, ".env"), $"# compose\nMODEL_CACHE_DIR={mounted}\n");

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"Cache: {mounted}/huggingface/hub");
        await Assert.That(Directory.Exists(Path.Combine(mounted, "huggingface", "hub", "models--org--model"))).IsTrue();
    }

    [Test]
    public async Task HfHubCache_Set_BeatsModelCacheDir()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        var hubCache = Path.Combine(cli.Root, "explicit-hub");
        cli.Env("HF_HOME", null).Env("HF_HUB_CACHE", hubCache).Env("MODEL_CACHE_DIR", Path.Combine(cli.Root, "ignored"));

        var result = await cli.RunAsync("--dry-run", "--only", "stt", "--retries", "0");

        await Assert.That(result.StdErr).Contains($"Cache: {hubCache} (from HF_HUB_CACHE)");
    }

    [Test]
    public async Task NothingSet_Default_HomeCacheHuggingfaceHub()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        cli.Env("HF_HOME", null);

        var result = await cli.RunAsync("--dry-run", "--only", "stt", "--retries", "0");

        await Assert.That(result.StdErr).Contains($"Cache: {cli.Home}/.cache/huggingface/hub (from default)");
    }

    [Test]
    public async Task CacheDir_BelowAFile_ExitsOneSayingItIsAFile()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        var blocker = Path.Combine(cli.Root, "a-file");
        File.WriteAllText(blocker, "not a folder");

        var result = await cli.RunAsync("--cache-dir", Path.Combine(blocker, "cache"));

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"{blocker} is a file, not a folder");
        await Assert.That(result.StdErr).DoesNotContain("permissions");
    }

    [Test]
    public async Task CacheDir_IsAFile_ExitsOneSayingItIsAFile()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        var file = Path.Combine(cli.Root, "a-file");
        File.WriteAllText(file, "not a folder");

        var result = await cli.RunAsync("--cache-dir", file);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.ErrorLines).IsEquivalentTo([$"download-models: the cache folder {file}/hub cannot be created: {file} is a file, not a folder; remove it or choose another --cache-dir."]);
    }
}
