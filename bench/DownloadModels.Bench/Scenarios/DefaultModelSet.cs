namespace DownloadModels.Bench.Scenarios;

/// <summary>
/// The drop-in's default models at their real sizes on the Hub: exactly the files download-models
/// selects from them (69 files, about 927 MB), so curl and aria2c fetch the same bytes it does.
/// </summary>
internal static class DefaultModelSet
{
    private const string Whisper = "Systran/faster-whisper-tiny";
    private const string Kokoro = "hexgrad/Kokoro-82M";
    private const string E5 = "intfloat/multilingual-e5-small";

    private static readonly string[] Voices =
    [
        "af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole", "af_nova", "af_river",
        "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric", "am_fenrir", "am_liam", "am_michael", "am_onyx",
        "am_puck", "am_santa", "bf_alice", "bf_emma", "bf_isabella", "bf_lily", "bm_daniel", "bm_fable", "bm_george",
        "bm_lewis", "ef_dora", "em_alex", "em_santa", "ff_siwis", "hf_alpha", "hf_beta", "hm_omega", "hm_psi",
        "if_sara", "im_nicola", "jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo", "pf_dora",
        "pm_alex", "pm_santa", "zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao", "zf_xiaoyi", "zm_yunjian", "zm_yunxi",
        "zm_yunxia", "zm_yunyang",
    ];

    /// <param name="scale">Divides every file above 1 MB (the quick smoke run uses 10).</param>
    public static IReadOnlyList<BenchFile> Files(int scale)
    {
        BenchFile F(string repo, string path, long size, bool lfs) => new(repo, path, size > 1_000_000 ? size / scale : size, lfs);
        List<BenchFile> files =
        [
            F(Whisper, "config.json", 2_370, lfs: false),
            F(Whisper, "model.bin", 75_538_270, lfs: true),
            F(Whisper, "tokenizer.json", 2_203_239, lfs: false),
            F(Whisper, "vocabulary.txt", 459_861, lfs: false),
            F(Kokoro, "config.json", 2_351, lfs: false),
            F(Kokoro, "kokoro-v1_0.pth", 327_212_226, lfs: true),
        ];

        // Every voice tensor is 510x256 float32 plus a little pickle framing: about 523 kB each.
        files.AddRange(Voices.Select((voice, i) => F(Kokoro, $"voices/{voice}.pt", 523_435 + (i % 7 * 64), lfs: true)));
        files.AddRange(
        [
            F(E5, "1_Pooling/config.json", 200, lfs: false),
            F(E5, "README.md", 85_018, lfs: false),
            F(E5, "config.json", 655, lfs: false),
            F(E5, "model.safetensors", 470_637_416, lfs: true),
            F(E5, "modules.json", 387, lfs: false),
            F(E5, "sentence_bert_config.json", 57, lfs: false),
            F(E5, "sentencepiece.bpe.model", 5_069_051, lfs: true),
            F(E5, "special_tokens_map.json", 167, lfs: false),
            F(E5, "tokenizer.json", 17_082_660, lfs: true),
            F(E5, "tokenizer_config.json", 443, lfs: false),
        ]);
        return files;
    }
}
