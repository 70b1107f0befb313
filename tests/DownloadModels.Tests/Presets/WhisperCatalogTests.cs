using DownloadModels.Presets;

namespace DownloadModels.Tests.Presets;

public class WhisperCatalogTests
{
    [Test]
    [Arguments("tiny", "Systran/faster-whisper-tiny")]
    [Arguments("tiny.en", "Systran/faster-whisper-tiny.en")]
    [Arguments("base", "Systran/faster-whisper-base")]
    [Arguments("base.en", "Systran/faster-whisper-base.en")]
    [Arguments("small", "Systran/faster-whisper-small")]
    [Arguments("small.en", "Systran/faster-whisper-small.en")]
    [Arguments("medium", "Systran/faster-whisper-medium")]
    [Arguments("medium.en", "Systran/faster-whisper-medium.en")]
    [Arguments("large-v1", "Systran/faster-whisper-large-v1")]
    [Arguments("large-v2", "Systran/faster-whisper-large-v2")]
    [Arguments("large-v3", "Systran/faster-whisper-large-v3")]
    [Arguments("large", "Systran/faster-whisper-large-v3")]
    [Arguments("distil-large-v2", "Systran/faster-distil-whisper-large-v2")]
    [Arguments("distil-medium.en", "Systran/faster-distil-whisper-medium.en")]
    [Arguments("distil-small.en", "Systran/faster-distil-whisper-small.en")]
    [Arguments("distil-large-v3", "Systran/faster-distil-whisper-large-v3")]
    [Arguments("distil-large-v3.5", "distil-whisper/distil-large-v3.5-ct2")]
    [Arguments("large-v3-turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo")]
    [Arguments("turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo")]
    public async Task TryResolve_KnownName_ReturnsFasterWhisperRepo(string name, string expected)
    {
        bool found = WhisperCatalog.TryResolve(name, out string repoId);
        await Assert.That(found).IsTrue();
        await Assert.That(repoId).IsEqualTo(expected);
    }

    [Test]
    [Arguments("Systran/faster-whisper-small")]
    [Arguments("me/my-finetuned-whisper")]
    public async Task TryResolve_NameWithSlash_ReturnedAsIs(string name)
    {
        bool found = WhisperCatalog.TryResolve(name, out string repoId);
        await Assert.That(found).IsTrue();
        await Assert.That(repoId).IsEqualTo(name);
    }

    [Test]
    [Arguments("Tiny")]
    [Arguments("TURBO")]
    [Arguments("huge")]
    [Arguments("")]
    [Arguments(" tiny")]
    public async Task TryResolve_UnknownOrMiscased_ReturnsFalse(string name)
    {
        bool found = WhisperCatalog.TryResolve(name, out string repoId);
        await Assert.That(found).IsFalse();
        await Assert.That(repoId).IsEqualTo(string.Empty);
    }

    [Test]
    public async Task Names_AllNineteen_EachResolvesAndNoDuplicates()
    {
        await Assert.That(WhisperCatalog.Names.Count).IsEqualTo(19);
        await Assert.That(WhisperCatalog.Names.Distinct().Count()).IsEqualTo(19);
        await Assert.That(WhisperCatalog.Names.All(n => WhisperCatalog.TryResolve(n, out _))).IsTrue();
    }

    [Test]
    public async Task Names_DisplayOrder_StartsWithTinyAndDefaultIsListed()
    {
        await Assert.That(WhisperCatalog.Names[0]).IsEqualTo("tiny");
        await Assert.That(WhisperCatalog.Names).Contains(WhisperCatalog.DefaultName);
    }
}
