using DownloadModels.Settings;

namespace DownloadModels.Tests.Settings;

public class EndpointResolverTests
{
    private static Func<string, string?> Env(string? endpoint) =>
        name => name == "HF_ENDPOINT" ? endpoint : null;

    [Test]
    public async Task Resolve_NothingSet_HuggingFaceCo()
    {
        var result = EndpointResolver.Resolve(null, Env(null));
        await Assert.That(result.IsValid).IsTrue();
        await Assert.That(result.BaseUrl).IsEqualTo("https://huggingface.co");
        await Assert.That(result.Endpoint).IsEqualTo(new Uri("https://huggingface.co"));
        await Assert.That(result.Source).IsEqualTo("default");
        await Assert.That(result.Warning).IsNull();
        await Assert.That(result.Error).IsNull();
    }

    [Test]
    public async Task Resolve_EmptyVariable_Default() =>
        await Assert.That(EndpointResolver.Resolve(null, Env("")).Source).IsEqualTo("default");

    [Test]
    public async Task Resolve_Variable_UsedWithTrailingSlashesStripped()
    {
        var result = EndpointResolver.Resolve(null, Env("https://hf-mirror.com/prefix//"));
        await Assert.That(result.BaseUrl).IsEqualTo("https://hf-mirror.com/prefix");
        await Assert.That(result.Source).IsEqualTo("HF_ENDPOINT");
    }

    [Test]
    public async Task Resolve_Option_BeatsVariable()
    {
        var result = EndpointResolver.Resolve("https://a.example", Env("https://b.example"));
        await Assert.That(result.BaseUrl).IsEqualTo("https://a.example");
        await Assert.That(result.Source).IsEqualTo("--endpoint");
    }

    [Test]
    [Arguments("")]
    [Arguments("huggingface.co")]
    [Arguments("/srv/hub")]
    [Arguments("ftp://huggingface.co")]
    [Arguments("file:///tmp/hub")]
    [Arguments("https://")]
    [Arguments("https://h.example/?x=1")]
    [Arguments("https://h.example/#frag")]
    public async Task Resolve_NotAbsoluteHttpUrl_Error(string value)
    {
        var result = EndpointResolver.Resolve(value, Env(null));
        await Assert.That(result.IsValid).IsFalse();
        await Assert.That(result.Endpoint).IsNull();
        await Assert.That(result.Error).Contains("--endpoint");
    }

    [Test]
    public async Task Resolve_BadVariable_ErrorNamesVariable()
    {
        var result = EndpointResolver.Resolve(null, Env("nonsense"));
        await Assert.That(result.Error).Contains("HF_ENDPOINT");
    }

    [Test]
    [Arguments("http://localhost:8080")]
    [Arguments("http://LOCALHOST")]
    [Arguments("http://127.0.0.1:5000")]
    [Arguments("http://127.45.6.7")]
    [Arguments("http://[::1]:8080")]
    [Arguments("https://hub.internal")]
    public async Task Resolve_LoopbackHttpOrHttps_NoWarning(string value)
    {
        var result = EndpointResolver.Resolve(value, Env(null));
        await Assert.That(result.IsValid).IsTrue();
        await Assert.That(result.Warning).IsNull();
    }

    [Test]
    [Arguments("http://hub.internal")]
    [Arguments("http://10.0.0.5:8080")]
    [Arguments("http://128.0.0.1")]
    [Arguments("http://[::2]")]
    [Arguments("http://localhost.evil.example")]
    public async Task Resolve_PlainHttpToRemoteHost_Warns(string value)
    {
        var result = EndpointResolver.Resolve(value, Env(null));
        await Assert.That(result.IsValid).IsTrue();
        await Assert.That(result.Warning).Contains("unencrypted");
        await Assert.That(result.Warning!.Contains('\n')).IsFalse();
    }
}
