using DownloadModels.Repos;

namespace DownloadModels.Tests.Repos;

public sealed class RepoIdTests
{
    private static readonly string Name96 = new('a', 96);
    private static readonly string Name97 = new('a', 97);

    [Test]
    [Arguments("intfloat/multilingual-e5-small")]
    [Arguments("Systran/faster-whisper-large-v3")]
    [Arguments("gpt2")]
    [Arguments("a")]
    [Arguments("Org_1/name.v2")]
    [Arguments("_org/_name")]
    [Arguments("hexgrad/Kokoro-82M")]
    public async Task TryParse_ValidId_ReturnsRepoWithSameId(string text)
    {
        var ok = RepoId.TryParse(text, RepoType.Model, out var repo, out var error);

        await Assert.That(ok).IsTrue();
        await Assert.That(repo).IsNotNull();
        await Assert.That(repo!.Id).IsEqualTo(text);
        await Assert.That(repo.Type).IsEqualTo(RepoType.Model);
        await Assert.That(error).IsEqualTo("");
    }

    [Test]
    public async Task TryParse_NameOf96Chars_IsValid()
    {
        await Assert.That(RepoId.TryParse(Name96, RepoType.Model, out _, out _)).IsTrue();
        await Assert.That(RepoId.TryParse($"{Name96}/{Name96}", RepoType.Model, out _, out _)).IsTrue();
    }

    [Test]
    public async Task TryParse_NameOf97Chars_IsInvalid()
    {
        await Assert.That(RepoId.TryParse(Name97, RepoType.Model, out _, out _)).IsFalse();
        await Assert.That(RepoId.TryParse($"org/{Name97}", RepoType.Model, out _, out _)).IsFalse();
        await Assert.That(RepoId.TryParse($"{Name97}/name", RepoType.Model, out _, out _)).IsFalse();
    }

    [Test]
    [Arguments("org--x/name")]
    [Arguments("org/na--me")]
    [Arguments("org/na..me")]
    [Arguments("../name")]
    [Arguments("org/..")]
    [Arguments("org/name.git")]
    [Arguments("name.git")]
    [Arguments("org/na me")]
    [Arguments(" org/name")]
    [Arguments("org/name ")]
    [Arguments("org/na\tme")]
    [Arguments("org/na\u0001me")]
    [Arguments("org/na\u007fme")]
    [Arguments("a/b/c")]
    [Arguments("/name")]
    [Arguments("org/")]
    [Arguments("org//name")]
    [Arguments("-org/name")]
    [Arguments("org/.name")]
    [Arguments("org\\name")]
    [Arguments("org/name?x=1")]
    [Arguments("org/näme")]
    public async Task TryParse_InvalidId_ReturnsFalseWithMessage(string text)
    {
        var ok = RepoId.TryParse(text, RepoType.Model, out var repo, out var error);

        await Assert.That(ok).IsFalse();
        await Assert.That(repo).IsNull();
        await Assert.That(error).Contains("not a valid repository id");
    }

    [Test]
    [Arguments("")]
    [Arguments("   ")]
    public async Task TryParse_Empty_ReturnsFalseSayingEmpty(string text)
    {
        var ok = RepoId.TryParse(text, RepoType.Model, out var repo, out var error);

        await Assert.That(ok).IsFalse();
        await Assert.That(repo).IsNull();
        await Assert.That(error).Contains("empty");
    }

    [Test]
    public async Task TryParse_ControlCharacter_MaskedInMessage()
    {
        RepoId.TryParse("org/na\u001bme", RepoType.Model, out _, out var error);

        await Assert.That(error).Contains("'org/na?me'");
        await Assert.That(error).DoesNotContain("\u001b");
    }

    [Test]
    [Arguments("Model", "intfloat/e5", "models--intfloat--e5")]
    [Arguments("Dataset", "org/data", "datasets--org--data")]
    [Arguments("Space", "org/app", "spaces--org--app")]
    [Arguments("Model", "gpt2", "models--gpt2")]
    public async Task CacheFolderName_ByType_MatchesHuggingfaceHub(string type, string id, string expected)
    {
        RepoId.TryParse(id, Enum.Parse<RepoType>(type), out var repo, out _);

        await Assert.That(DownloadModels.Cache.CacheLayout.RepoFolderName(repo!)).IsEqualTo(expected);
    }

    [Test]
    [Arguments("Model", "org/name", "org/name")]
    [Arguments("Dataset", "org/name", "datasets/org/name")]
    [Arguments("Space", "org/name", "spaces/org/name")]
    public async Task UrlPrefix_ByType_OnlyModelsHaveNoTypePrefix(string type, string id, string expected)
    {
        RepoId.TryParse(id, Enum.Parse<RepoType>(type), out var repo, out _);

        await Assert.That(repo!.UrlPrefix).IsEqualTo(expected);
    }

    [Test]
    [Arguments("Model", "models")]
    [Arguments("Dataset", "datasets")]
    [Arguments("Space", "spaces")]
    public async Task TypePlural_ByType_IsApiWord(string type, string expected) =>
        await Assert.That(new RepoId(Enum.Parse<RepoType>(type), "org/name").TypePlural).IsEqualTo(expected);

    [Test]
    public async Task ToString_Always_IsTheId() =>
        await Assert.That(new RepoId(RepoType.Dataset, "org/name").ToString()).IsEqualTo("org/name");

    [Test]
    public async Task TryParse_TrailingNewline_Invalid() =>
        await Assert.That(RepoId.TryParse("org/name\n", RepoType.Model, out _, out _)).IsFalse();
}
