namespace DownloadModels.Presets;

/// <summary>
/// The three models the voice pipeline loads, each limited to the files its library actually reads
/// (see docs/pipeline-models.md), so the default run costs ~600 MB instead of several GB.
/// </summary>
internal static class PipelinePresets
{
    public const string SttLabel = "stt";
    public const string TtsLabel = "tts";
    public const string EmbeddingsLabel = "embeddings";

    public const string KokoroRepoId = "hexgrad/Kokoro-82M";
    public const string EmbeddingsRepoId = "intfloat/multilingual-e5-small";

    /// <summary>Accepted values of <c>--only</c>, in the order a full run downloads them.</summary>
    public static IReadOnlyList<string> ValidOnly { get; } = Array.AsReadOnly([SttLabel, TtsLabel, EmbeddingsLabel]);

    // faster-whisper's snapshot_download allow_patterns.
    private static readonly IReadOnlyList<string> SttInclude = Array.AsReadOnly(
        ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]);

    // kokoro's single-file downloads plus every voice, so any voice works offline.
    private static readonly IReadOnlyList<string> TtsInclude = Array.AsReadOnly(
        ["config.json", "kokoro-v1_0.pth", "voices/*.pt"]);

    // sentence-transformers' requests, one file at a time, in its order.
    private static readonly IReadOnlyList<string> EmbeddingsFiles = Array.AsReadOnly(
    [
        "modules.json", "config_sentence_transformers.json", "README.md", "sentence_bert_config.json",
        "config.json", "model.safetensors", "tokenizer_config.json", "sentencepiece.bpe.model",
        "tokenizer.json", "added_tokens.json", "special_tokens_map.json", "1_Pooling/config.json",
    ]);

    // model.safetensors is left out: when it is missing the library loads pytorch_model.bin instead.
    private static readonly IReadOnlyList<string> EmbeddingsOptional = Array.AsReadOnly(
        EmbeddingsFiles.Where(f => f != "model.safetensors").ToArray());

    private static readonly IReadOnlyList<FileFallback> EmbeddingsFallbacks = Array.AsReadOnly(
        [new FileFallback("model.safetensors", "pytorch_model.bin")]);

    public static ModelSpec Stt(string whisperRepoId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(whisperRepoId);
        return new(SttLabel, whisperRepoId, ModelSpec.DefaultRevision, SttInclude, [], [], []);
    }

    public static ModelSpec Tts { get; } =
        new(TtsLabel, KokoroRepoId, ModelSpec.DefaultRevision, TtsInclude, [], [], []);

    public static ModelSpec Embeddings { get; } =
        new(EmbeddingsLabel, EmbeddingsRepoId, ModelSpec.DefaultRevision, EmbeddingsFiles, [],
            EmbeddingsFallbacks, EmbeddingsOptional);

    /// <summary>
    /// The presets for <c>--only</c>: null means all three (stt, tts, embeddings). Throws
    /// <see cref="ArgumentOutOfRangeException"/> for a value not in <see cref="ValidOnly"/>; validate first.
    /// </summary>
    public static IReadOnlyList<ModelSpec> Select(string? only, string whisperRepoId) => only switch
    {
        null => [Stt(whisperRepoId), Tts, Embeddings],
        SttLabel => [Stt(whisperRepoId)],
        TtsLabel => [Tts],
        EmbeddingsLabel => [Embeddings],
        _ => throw new ArgumentOutOfRangeException(
            nameof(only), only, $"Expected one of: {string.Join(", ", ValidOnly)}."),
    };
}
