using DownloadModels.Presets;

namespace DownloadModels.Tests.Presets;

public class PipelinePresetsTests
{
    [Test]
    public async Task Stt_FasterWhisperTiny_SelectsModelFilesOnly()
    {
        var spec = PipelinePresets.Stt("Systran/faster-whisper-tiny");
        await Assert.That(spec.Select(RepoTrees.FasterWhisperTiny))
            .IsEquivalentTo(["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]);
        await Assert.That(spec.MissingOptional(RepoTrees.FasterWhisperTiny)).IsEmpty();
    }

    [Test]
    public async Task Stt_FasterWhisperLargeV3_AlsoSelectsPreprocessorAndJsonVocabulary()
    {
        var spec = PipelinePresets.Stt("Systran/faster-whisper-large-v3");
        await Assert.That(spec.Select(RepoTrees.FasterWhisperLargeV3)).IsEquivalentTo(
            ["config.json", "model.bin", "preprocessor_config.json", "tokenizer.json", "vocabulary.json"]);
    }

    [Test]
    public async Task Stt_AnyRepo_CarriesLabelRepoAndMainRevision()
    {
        var spec = PipelinePresets.Stt("me/whisper");
        await Assert.That(spec.Label).IsEqualTo("stt");
        await Assert.That(spec.RepoId).IsEqualTo("me/whisper");
        await Assert.That(spec.Revision).IsEqualTo("main");
    }

    [Test]
    public async Task Tts_Kokoro_SelectsWeightsConfigAndEveryVoice()
    {
        string[] expected = ["config.json", "kokoro-v1_0.pth", .. RepoTrees.Voices.Select(v => $"voices/{v}.pt")];
        var selected = PipelinePresets.Tts.Select(RepoTrees.Kokoro82M);
        await Assert.That(selected).IsEquivalentTo(expected);
        await Assert.That(selected).Contains("voices/pf_dora.pt");
        await Assert.That(selected.Any(p => p.StartsWith("samples/", StringComparison.Ordinal))).IsFalse();
        await Assert.That(selected.Any(p => p.StartsWith("eval/", StringComparison.Ordinal))).IsFalse();
    }

    [Test]
    public async Task Embeddings_E5Small_SelectsSentenceTransformerFilesOnly()
    {
        var selected = PipelinePresets.Embeddings.Select(RepoTrees.MultilingualE5Small);
        await Assert.That(selected).IsEquivalentTo(RepoTrees.SentenceTransformerFiles);
        await Assert.That(selected).DoesNotContain("pytorch_model.bin");
        await Assert.That(selected.Any(p => p.StartsWith("onnx/", StringComparison.Ordinal))).IsFalse();
    }

    [Test]
    public async Task Embeddings_E5Small_MissingOptionalAreTheAbsentStFiles()
    {
        await Assert.That(PipelinePresets.Embeddings.MissingOptional(RepoTrees.MultilingualE5Small))
            .IsEquivalentTo(["config_sentence_transformers.json", "added_tokens.json"]);
    }

    [Test]
    public async Task Embeddings_RepoWithoutSafetensors_FallsBackToPytorchBin()
    {
        string[] tree = [.. RepoTrees.MultilingualE5Small.Where(p => p != "model.safetensors")];
        var selected = PipelinePresets.Embeddings.Select(tree);
        await Assert.That(selected).Contains("pytorch_model.bin");
        await Assert.That(selected).DoesNotContain("model.safetensors");
        await Assert.That(selected.Count).IsEqualTo(RepoTrees.SentenceTransformerFiles.Length);
    }

    [Test]
    public async Task Embeddings_OptionalFiles_EveryStFileButSafetensors()
    {
        var spec = PipelinePresets.Embeddings;
        await Assert.That(spec.OptionalFiles.Count).IsEqualTo(11);
        await Assert.That(spec.OptionalFiles).DoesNotContain("model.safetensors");
        await Assert.That(spec.OptionalFiles).Contains("1_Pooling/config.json");
        await Assert.That(spec.RepoId).IsEqualTo("intfloat/multilingual-e5-small");
    }

    [Test]
    public async Task Select_NullOnly_AllThreeInOrder()
    {
        var specs = PipelinePresets.Select(null, "Systran/faster-whisper-small");
        await Assert.That(specs.Select(s => s.Label)).IsEquivalentTo(["stt", "tts", "embeddings"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(specs[0].RepoId).IsEqualTo("Systran/faster-whisper-small");
        await Assert.That(specs[1].RepoId).IsEqualTo("hexgrad/Kokoro-82M");
    }

    [Test]
    [Arguments("stt", "Systran/faster-whisper-tiny")]
    [Arguments("tts", "hexgrad/Kokoro-82M")]
    [Arguments("embeddings", "intfloat/multilingual-e5-small")]
    public async Task Select_OneLabel_OnlyThatPreset(string only, string repoId)
    {
        var specs = PipelinePresets.Select(only, "Systran/faster-whisper-tiny");
        await Assert.That(specs.Count).IsEqualTo(1);
        await Assert.That(specs[0].Label).IsEqualTo(only);
        await Assert.That(specs[0].RepoId).IsEqualTo(repoId);
    }

    [Test]
    [Arguments("STT")]
    [Arguments("whisper")]
    [Arguments("")]
    public async Task Select_UnknownLabel_Throws(string only) =>
        await Assert.That(() => PipelinePresets.Select(only, "Systran/faster-whisper-tiny"))
            .Throws<ArgumentOutOfRangeException>();

    [Test]
    public async Task ValidOnly_ThreeLabels_InDownloadOrder() =>
        await Assert.That(PipelinePresets.ValidOnly)
            .IsEquivalentTo(["stt", "tts", "embeddings"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
}
