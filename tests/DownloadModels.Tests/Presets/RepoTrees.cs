namespace DownloadModels.Tests.Presets;

/// <summary>Realistic file listings of the preset repos, as the Hub's tree API returns them.</summary>
internal static class RepoTrees
{
    public static readonly string[] FasterWhisperTiny =
        [".gitattributes", "README.md", "config.json", "model.bin", "tokenizer.json", "vocabulary.txt"];

    public static readonly string[] FasterWhisperLargeV3 =
        [".gitattributes", "README.md", "config.json", "model.bin", "preprocessor_config.json", "tokenizer.json", "vocabulary.json"];

    public static readonly string[] Voices =
    [
        "af_alloy", "af_bella", "af_heart", "af_nicole", "am_adam", "am_michael", "bf_emma", "bm_george",
        "ef_dora", "ff_siwis", "hf_alpha", "if_sara", "jf_alpha", "pf_dora", "pm_alex", "pm_santa", "zf_xiaobei",
    ];

    public static readonly string[] Kokoro82M =
    [
        ".gitattributes", "DONATE.md", "README.md", "SAMPLES.md", "VOICES.md", "config.json",
        "eval/ArtificialAnalysis-2025-02-26.jpeg", "eval/TTS_Arena-2025-02-26.png", "eval/TTS_Spaces_Arena-2025-02-26.png",
        "kokoro-v1_0.pth", "samples/HEARME.wav", "samples/af_heart_0.wav", "samples/af_heart_1.wav",
        .. Voices.Select(v => $"voices/{v}.pt"),
    ];

    public static readonly string[] SentenceTransformerFiles =
    [
        "modules.json", "README.md", "sentence_bert_config.json", "config.json", "model.safetensors",
        "tokenizer_config.json", "sentencepiece.bpe.model", "tokenizer.json", "special_tokens_map.json",
        "1_Pooling/config.json",
    ];

    // No config_sentence_transformers.json and no added_tokens.json: the optional files the repo lacks.
    public static readonly string[] MultilingualE5Small =
    [
        ".gitattributes", .. SentenceTransformerFiles, "pytorch_model.bin", "tf_model.h5",
        "onnx/config.json", "onnx/model.onnx", "onnx/model_O4.onnx", "onnx/model_qint8_avx512_vnni.onnx",
        "onnx/sentencepiece.bpe.model", "onnx/special_tokens_map.json", "onnx/tokenizer.json", "onnx/tokenizer_config.json",
        "openvino/openvino_model.bin", "openvino/openvino_model.xml", "openvino/openvino_model_qint8_quantized.bin",
        "openvino/openvino_model_qint8_quantized.xml",
    ];
}
