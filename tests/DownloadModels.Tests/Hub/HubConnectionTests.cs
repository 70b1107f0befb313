using DownloadModels.Hub;

namespace DownloadModels.Tests.Hub;

public sealed class HubConnectionTests
{
    private const string Token = "hf_SuperSecretToken123";

    private static readonly HubConnection WithToken = new(new Uri("https://huggingface.co"), Token);

    [Test]
    [Arguments("https://huggingface.co/api/models/org/name")]
    [Arguments("https://huggingface.co/org/name/resolve/main/config.json")]
    [Arguments("https://HuggingFace.CO/x")]
    [Arguments("https://huggingface.co:443/x")]
    public async Task MaySeeToken_SameSchemeHostPort_True(string url) =>
        await Assert.That(WithToken.MaySeeToken(new Uri(url))).IsTrue();

    [Test]
    [Arguments("https://huggingface.co:8443/x")]
    [Arguments("http://huggingface.co/x")]
    [Arguments("https://cdn-lfs.huggingface.co/repos/ab/cd")]
    [Arguments("https://cas-bridge.xethub.hf.co/x")]
    [Arguments("https://huggingface.co.evil.example/x")]
    [Arguments("https://evil.example/huggingface.co")]
    public async Task MaySeeToken_OtherSchemeHostOrPort_False(string url) =>
        await Assert.That(WithToken.MaySeeToken(new Uri(url))).IsFalse();

    [Test]
    public async Task MaySeeToken_LocalEndpointOtherPort_False()
    {
        var connection = new HubConnection(new Uri("http://127.0.0.1:5000"), Token);

        await Assert.That(connection.MaySeeToken(new Uri("http://127.0.0.1:5000/api/x"))).IsTrue();
        await Assert.That(connection.MaySeeToken(new Uri("http://127.0.0.1:5001/api/x"))).IsFalse();
        await Assert.That(connection.MaySeeToken(new Uri("http://localhost:5000/api/x"))).IsFalse();
    }

    [Test]
    public async Task MaySeeToken_NoToken_False()
    {
        var connection = new HubConnection(new Uri("https://huggingface.co"), null);

        await Assert.That(connection.MaySeeToken(new Uri("https://huggingface.co/x"))).IsFalse();
        await Assert.That(connection.IsEndpoint(new Uri("https://huggingface.co/x"))).IsTrue();
    }

    [Test]
    public async Task ToString_WithToken_NeverContainsToken()
    {
        await Assert.That(WithToken.ToString()).DoesNotContain(Token);
        await Assert.That(WithToken.ToString()).Contains("huggingface.co");
        await Assert.That($"{WithToken}").DoesNotContain(Token);
    }

    [Test]
    [Arguments("https://huggingface.co", "api/models/org/name", "https://huggingface.co/api/models/org/name")]
    [Arguments("https://huggingface.co/", "api/x", "https://huggingface.co/api/x")]
    [Arguments("https://mirror.example/hf/", "org/name/resolve/c/a.json", "https://mirror.example/hf/org/name/resolve/c/a.json")]
    [Arguments("http://127.0.0.1:5000", "api/x?recursive=true", "http://127.0.0.1:5000/api/x?recursive=true")]
    public async Task Url_PathAndQuery_JoinedWithOneSlash(string endpoint, string pathAndQuery, string expected) =>
        await Assert.That(new HubConnection(new Uri(endpoint), null).Url(pathAndQuery).AbsoluteUri).IsEqualTo(expected);
}
