using DownloadModels.Presets;

namespace DownloadModels.Manifest;

/// <summary>What `download-models init` writes: the drop-in's defaults (the three pipeline models), commented.</summary>
internal static class ManifestTemplate
{
    public static string Text { get; } = $$"""
        # download-models.toml: the models this project needs.
        #   download-models lock    pins every entry to a commit and every file to its hash (download-models.lock)
        #   download-models sync    installs exactly the lock into the Hugging Face cache (locking first if needed)
        # Commit both files; a change of model is then a reviewed change of the lock.
        #
        # The entries below are the drop-in's defaults: what `download-models` with no options downloads.
        #
        # Keys of a [[model]] entry:
        #   repo      = "org/name"    the Hub repo; required unless preset is given
        #   revision  = "main"        branch, tag, refs/pr/N or a 40-hex commit (default "main")
        #   include   = ["*.json"]    only files matching these patterns (default: all files)
        #   exclude   = ["onnx/"]     then leave out files matching these
        #   repo_type = "model"       model, dataset or space (default "model")
        #   preset    = "stt"         instead of repo: the pipeline's stt, tts or embeddings model with the files its library reads
        #   whisper   = "{{WhisperCatalog.DefaultName}}"        with preset = "stt": faster-whisper's size (tiny, base, small, medium, large-v3, turbo, ...) or an org/name repo
        # Patterns follow huggingface_hub: fnmatch, '*' also matches '/', "dir/" means everything below dir.

        # Speech to text: faster-whisper (Systran/faster-whisper-{{WhisperCatalog.DefaultName}}), the files WhisperModel() reads.
        [[model]]
        preset = "{{PipelinePresets.SttLabel}}"
        whisper = "{{WhisperCatalog.DefaultName}}"

        # Text to speech: Kokoro ({{PipelinePresets.KokoroRepoId}}) with all of its voices.
        [[model]]
        preset = "{{PipelinePresets.TtsLabel}}"

        # Embeddings: E5 ({{PipelinePresets.EmbeddingsRepoId}}), the files sentence-transformers reads.
        [[model]]
        preset = "{{PipelinePresets.EmbeddingsLabel}}"

        # Any other repo, for example:
        # [[model]]
        # repo = "BAAI/bge-m3"
        # include = ["*.json", "*.safetensors", "sentencepiece.bpe.model"]

        """;
}
