using DownloadModels.Settings;

namespace DownloadModels.Tests.Settings;

public class CacheLocatorTests
{
    private const string Home = "/home/u";
    private const string Cwd = "/work/proj";

    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var v) ? v : null;
    }

    private static CacheLocation Resolve(string? option, params (string, string)[] vars) =>
        CacheLocator.Resolve(option, Env(vars), Cwd, Home);

    [Test]
    public async Task Resolve_NothingSet_DefaultUnderHome()
    {
        var location = Resolve(null);
        await Assert.That(location).IsEqualTo(new CacheLocation("/home/u/.cache/huggingface/hub", "/home/u/.cache/huggingface", "default"));
    }

    [Test]
    public async Task Resolve_CacheDirOption_IsHfHomeAndBeatsEverything()
    {
        var location = Resolve("/mnt/ci-cache", ("HF_HUB_CACHE", "/x"), ("HF_HOME", "/y"), ("MODEL_CACHE_DIR", "/z"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/mnt/ci-cache/hub", "/mnt/ci-cache", "--cache-dir"));
    }

    [Test]
    public async Task Resolve_HfHubCache_BeatsLegacyAndHfHome()
    {
        var location = Resolve(null, ("HF_HUB_CACHE", "/a"), ("HUGGINGFACE_HUB_CACHE", "/b"), ("HF_HOME", "/c"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/a", "/c", "HF_HUB_CACHE"));
    }

    [Test]
    public async Task Resolve_LegacyHubCache_BeatsHfHome()
    {
        var location = Resolve(null, ("HUGGINGFACE_HUB_CACHE", "/b"), ("HF_HOME", "/c"), ("XDG_CACHE_HOME", "/d"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/b", "/c", "HUGGINGFACE_HUB_CACHE"));
    }

    [Test]
    public async Task Resolve_HfHome_HubBelowIt()
    {
        var location = Resolve(null, ("HF_HOME", "/c"), ("XDG_CACHE_HOME", "/d"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/c/hub", "/c", "HF_HOME"));
    }

    [Test]
    public async Task Resolve_XdgCacheHome_HuggingfaceBelowIt()
    {
        var location = Resolve(null, ("XDG_CACHE_HOME", "/d"), ("MODEL_CACHE_DIR", "/z"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/d/huggingface/hub", "/d/huggingface", "XDG_CACHE_HOME"));
    }

    [Test]
    public async Task Resolve_HubCacheWithXdg_HfHomeFromXdg()
    {
        var location = Resolve(null, ("HF_HUB_CACHE", "/a"), ("XDG_CACHE_HOME", "/d"));
        await Assert.That(location.HfHome).IsEqualTo("/d/huggingface");
    }

    [Test]
    public async Task Resolve_HubCacheAndModelCacheDir_ModelCacheDirIgnored()
    {
        var location = Resolve(null, ("HF_HUB_CACHE", "/a"), ("MODEL_CACHE_DIR", "/z"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/a", "/home/u/.cache/huggingface", "HF_HUB_CACHE"));
    }

    [Test]
    public async Task Resolve_ModelCacheDirEnv_HuggingfaceBelowIt()
    {
        var location = Resolve(null, ("MODEL_CACHE_DIR", "/mnt/models"));
        await Assert.That(location).IsEqualTo(new CacheLocation("/mnt/models/huggingface/hub", "/mnt/models/huggingface", "MODEL_CACHE_DIR"));
    }

    [Test]
    public async Task Resolve_EmptyValues_CountAsUnset()
    {
        var location = Resolve("", ("HF_HUB_CACHE", ""), ("HUGGINGFACE_HUB_CACHE", ""), ("HF_HOME", ""), ("XDG_CACHE_HOME", ""), ("MODEL_CACHE_DIR", ""));
        await Assert.That(location.Source).IsEqualTo("default");
    }

    [Test]
    [Arguments("~", "/home/u")]
    [Arguments("~/models", "/home/u/models")]
    [Arguments("models", "/work/proj/models")]
    [Arguments("../shared/", "/work/shared")]
    [Arguments("/a/./b/../c", "/a/c")]
    [Arguments("~other/x", "/work/proj/~other/x")]
    public async Task Resolve_PathForms_ExpandedAndAbsolute(string value, string expectedHome)
    {
        await Assert.That(Resolve(value).HfHome).IsEqualTo(expectedHome);
        await Assert.That(Resolve(null, ("HF_HOME", value)).HfHome).IsEqualTo(expectedHome);
        await Assert.That(Resolve(null, ("HF_HUB_CACHE", value)).HubCacheDir).IsEqualTo(expectedHome);
    }

    [Test]
    public async Task Resolve_ModelCacheDirInDotEnv_UsedWhenEnvUnset()
    {
        using var dir = new TempFolder();
        dir.Write(".env", "# compose settings\nexport MODEL_CACHE_DIR=\"~/models\" # host dir\n");
        var location = CacheLocator.Resolve(null, Env(), dir.Path, Home);
        await Assert.That(location).IsEqualTo(new CacheLocation("/home/u/models/huggingface/hub", "/home/u/models/huggingface", "MODEL_CACHE_DIR (.env)"));
    }

    [Test]
    public async Task Resolve_RelativeModelCacheDirInDotEnv_RelativeToCurrentDirectory()
    {
        using var dir = new TempFolder();
        dir.Write(".env", "MODEL_CACHE_DIR=./cache\n");
        var location = CacheLocator.Resolve(null, Env(), dir.Path, Home);
        await Assert.That(location.HfHome).IsEqualTo(Path.Combine(dir.Path, "cache", "huggingface"));
    }

    [Test]
    public async Task Resolve_ModelCacheDirInEnvAndDotEnv_EnvWins()
    {
        using var dir = new TempFolder();
        dir.Write(".env", "MODEL_CACHE_DIR=/from/file\n");
        var location = CacheLocator.Resolve(null, Env(("MODEL_CACHE_DIR", "/from/env")), dir.Path, Home);
        await Assert.That(location.HfHome).IsEqualTo("/from/env/huggingface");
        await Assert.That(location.Source).IsEqualTo("MODEL_CACHE_DIR");
    }

    [Test]
    public async Task Resolve_DotEnvWithHfHomeSet_DotEnvIgnored()
    {
        using var dir = new TempFolder();
        dir.Write(".env", "MODEL_CACHE_DIR=/from/file\n");
        var location = CacheLocator.Resolve(null, Env(("HF_HOME", "/c")), dir.Path, Home);
        await Assert.That(location.Source).IsEqualTo("HF_HOME");
    }

    [Test]
    public async Task Resolve_DotEnvWithEmptyModelCacheDir_Default()
    {
        using var dir = new TempFolder();
        dir.Write(".env", "MODEL_CACHE_DIR=\nOTHER=1\n");
        var location = CacheLocator.Resolve(null, Env(), dir.Path, Home);
        await Assert.That(location.Source).IsEqualTo("default");
    }
}
