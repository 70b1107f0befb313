namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Small stand-ins for the voice pipeline's three repos, with the same file names as the real ones
/// (including the files the pipeline must NOT fetch), so preset selection is tested end to end.
/// </summary>
public static class PipelineRepos
{
    public static readonly string[] WhisperTinyWanted = ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"];
    public static readonly string[] KokoroWanted = ["config.json", "kokoro-v1_0.pth", "voices/pf_dora.pt", "voices/pm_alex.pt", "voices/pm_santa.pt"];
    public static readonly string[] E5Wanted =
    [
        "1_Pooling/config.json", "README.md", "config.json", "model.safetensors", "modules.json", "sentence_bert_config.json",
        "sentencepiece.bpe.model", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json",
    ];

    public static FakeRepo AddWhisper(FakeHub hub, string name = "tiny", long modelSize = 300_000) =>
        hub.AddRepo($"Systran/faster-whisper-{name}")
            .AddFile(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
            .AddFile("README.md", "# faster-whisper " + name + "\n")
            .AddFile("config.json", "{\"alignment_heads\": [[2, 2]]}\n")
            .AddFile("model.bin", modelSize, lfs: true)
            .AddFile("tokenizer.json", "{\"version\": \"1.0\"}\n")
            .AddFile("vocabulary.txt", "a\nb\nc\n");

    public static FakeRepo AddKokoro(FakeHub hub) =>
        hub.AddRepo("hexgrad/Kokoro-82M")
            .AddFile("README.md", "# Kokoro\n")
            .AddFile("VOICES.md", "voices\n")
            .AddFile("config.json", "{\"istftnet\": {}}\n")
            .AddFile("kokoro-v1_0.pth", 200_000, lfs: true)
            .AddFile("voices/pf_dora.pt", 5_230, lfs: true)
            .AddFile("voices/pm_alex.pt", 5_231, lfs: true)
            .AddFile("voices/pm_santa.pt", 5_232, lfs: true)
            .AddFile("samples/HEARME.wav", 40_000, lfs: true)
            .AddFile("eval/ArenaElo.png", 10_000, lfs: true);

    public static FakeRepo AddE5(FakeHub hub) =>
        hub.AddRepo("intfloat/multilingual-e5-small")
            .AddFile(".gitattributes", "*.bin filter=lfs\n")
            .AddFile("1_Pooling/config.json", "{\"word_embedding_dimension\": 384}\n")
            .AddFile("README.md", "# E5\n")
            .AddFile("config.json", "{\"hidden_size\": 384}\n")
            .AddFile("model.safetensors", 150_000, lfs: true)
            .AddFile("modules.json", "[]\n")
            .AddFile("onnx/model.onnx", 120_000, lfs: true)
            .AddFile("pytorch_model.bin", 150_001, lfs: true)
            .AddFile("sentence_bert_config.json", "{\"max_seq_length\": 512}\n")
            .AddFile("sentencepiece.bpe.model", 20_000, lfs: true)
            .AddFile("special_tokens_map.json", "{}\n")
            .AddFile("tokenizer.json", 30_000, lfs: true)
            .AddFile("tokenizer_config.json", "{}\n");

    public static void AddAll(FakeHub hub)
    {
        AddWhisper(hub);
        AddKokoro(hub);
        AddE5(hub);
    }
}
