using DownloadModels.Contract;
using DownloadModels.Settings;

namespace DownloadModels.Tests.Settings;

/// <summary>
/// No usable home folder (containers run as a user without one): every cache given explicitly still works;
/// only the default cache and a leading ~ need a home, and they say in one line what to set instead.
/// </summary>
public sealed class NoHomeTests
{
    private const string Cwd = "/work/proj";

    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var v) ? v : null;
    }

    [Test]
    [Arguments("--cache-dir")]
    [Arguments("HF_HOME")]
    [Arguments("XDG_CACHE_HOME")]
    [Arguments("MODEL_CACHE_DIR")]
    public async Task Resolve_NoHomeButCacheGiven_Works(string how)
    {
        var location = how == "--cache-dir"
            ? CacheLocator.Resolve("/mnt/models", Env(), Cwd, null)
            : CacheLocator.Resolve(null, Env((how, "/mnt/models")), Cwd, null);

        await Assert.That(location.HubCacheDir).StartsWith("/mnt/models/");
        await Assert.That(location.HfHome).IsNotNull();
    }

    [Test]
    public async Task Resolve_NoHomeHubCacheOnly_WorksWithoutHfHome()
    {
        var location = CacheLocator.Resolve(null, Env(("HF_HUB_CACHE", "/mnt/hub")), Cwd, null);

        await Assert.That(location).IsEqualTo(new CacheLocation("/mnt/hub", null, "HF_HUB_CACHE"));
    }

    [Test]
    public async Task Resolve_NoHomeNothingGiven_OneLineNamingWhatToSet()
    {
        var error = Assert.Throws<UsageException>(() => CacheLocator.Resolve(null, Env(), Cwd, null));

        await Assert.That(error!.Message).Contains("--cache-dir");
        await Assert.That(error.Message).Contains("HF_HOME");
        await Assert.That(error.Message).Contains("HF_HUB_CACHE");
        await Assert.That(error.Message).DoesNotContain("\n");
    }

    [Test]
    public async Task Resolve_NoHomeTildePath_SaysToWriteTheFullPath()
    {
        var error = Assert.Throws<UsageException>(() => CacheLocator.Resolve(null, Env(("HF_HOME", "~/hf")), Cwd, null));

        await Assert.That(error!.Message).Contains("~/hf");
        await Assert.That(error.Message).Contains("full path");
    }

    [Test]
    public async Task TokenResolver_NoHfHome_ReadsNoDefaultFileButStillTheVariables()
    {
        var none = TokenResolver.Resolve(null, Env(), null);
        var fromEnv = TokenResolver.Resolve(null, Env(("HF_TOKEN", "hf_x")), null);

        await Assert.That(none).IsNull();
        await Assert.That(fromEnv!.Value).IsEqualTo("hf_x");
    }

    [Test]
    public async Task HomeFolder_Usable_OnlyAnExistingAbsoluteFolder()
    {
        using var dir = new TempFolder();

        await Assert.That(HomeFolder.Usable(dir.Path)).IsEqualTo(dir.Path);
        await Assert.That(HomeFolder.Usable(dir.Path + "/")).IsEqualTo(dir.Path);
        await Assert.That(HomeFolder.Usable("/nonexistent")).IsNull();
        await Assert.That(HomeFolder.Usable("")).IsNull();
        await Assert.That(HomeFolder.Usable(null)).IsNull();
        await Assert.That(HomeFolder.Usable("relative/home")).IsNull();
        await Assert.That(HomeFolder.Usable(dir.Write("file", "x"))).IsNull();
    }
}
