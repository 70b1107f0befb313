using System.Text.Json.Nodes;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// Runs Python/pipeline_loads.py (faster-whisper's, kokoro's and sentence-transformers' calls into
/// huggingface_hub) and checks what each library got against the fake hub's repos.
/// </summary>
internal static class PipelineLoads
{
    /// <summary>faster-whisper's allow_patterns (faster_whisper.utils.download_model).</summary>
    public static readonly string[] WhisperPatterns = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"];

    /// <summary>What kokoro loads: config, model and (all of) its voices.</summary>
    public static readonly string[] KokoroPatterns = ["config.json", "kokoro-v1_0.pth", "voices/*.pt"];

    /// <summary>Every file sentence-transformers asks for, in its order (docs/pipeline-models.md).</summary>
    public static readonly string[] E5Files =
    [
        "modules.json", "config_sentence_transformers.json", "README.md", "sentence_bert_config.json", "config.json",
        "model.safetensors", "tokenizer_config.json", "sentencepiece.bpe.model", "tokenizer.json", "added_tokens.json",
        "special_tokens_map.json", "1_Pooling/config.json",
    ];

    /// <summary>The E5 files sentence-transformers asks for that the repo lacks (docs/pipeline-models.md).</summary>
    public static readonly string[] E5Optional = ["config_sentence_transformers.json", "added_tokens.json"];

    public static Task<OracleResult> RunAsync(PythonRun python, PipelineHub hub) =>
        python.ScriptAsync("pipeline_loads.py", new JsonObject
        {
            ["whisper_repo"] = hub.Whisper.Id,
            ["kokoro_repo"] = hub.Kokoro.Id,
            ["embeddings_repo"] = hub.E5.Id,
        });

    /// <summary>
    /// Every library found every file it needs, with the right bytes, and nothing else went wrong: no uncaught
    /// exception, no warning, no WARNING log record, nothing on stderr. Optional files are absent, as a library
    /// sees them (its own exception handling), and the cache says so with a .no_exist marker. All problems are
    /// reported at once, each library's traceback included.
    /// </summary>
    public static void AssertAllFound(OracleResult run, PipelineHub hub)
    {
        FailOn(run, Problems(run, hub));
    }

    /// <summary>huggingface_hub fills a cache itself: snapshot_download of each repo with the pipeline's patterns.</summary>
    public static Task<OracleResult> FillAsync(PythonRun python, PipelineHub hub) => python.CallsAsync([.. SnapshotCalls(hub)]);

    /// <summary>The three snapshot_download calls of <see cref="FillAsync"/>, for a script that does more.</summary>
    public static IEnumerable<JsonObject> SnapshotCalls(PipelineHub hub) =>
        [Snapshot(hub.Whisper.Id, WhisperPatterns), Snapshot(hub.Kokoro.Id, KokoroPatterns), Snapshot(hub.E5.Id, E5Files)];

    private static JsonObject Snapshot(string repo, string[] patterns) =>
        new() { ["op"] = "snapshot_download", ["repo_id"] = repo, ["allow_patterns"] = new JsonArray([.. patterns.Select(p => JsonValue.Create(p))]) };

    /// <summary>Fails the test with every problem listed, or does nothing when there is none.</summary>
    public static void FailOn(OracleResult run, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            Assert.Fail($"huggingface_hub {run.Version} ({run.Script}):\n" + string.Join("\n\n", problems));
    }

    /// <param name="noExistMarkers">
    /// Whether the optional files must have .no_exist markers: we write them; huggingface_hub's own snapshot_download
    /// never asks for a file the listing lacks, so a cache it filled has none (the libraries cope, by their exception handling).
    /// </param>
    public static List<string> Problems(OracleResult run, PipelineHub hub, bool noExistMarkers = true)
    {
        var problems = new List<string>();
        if (run.ExitCode != 0 || run.Output is null)
        {
            problems.Add($"{run.Script} exited {run.ExitCode}:\n{run.StdErr}");
            return problems;
        }

        problems.AddRange(run.Warnings.Select(w => "Python warning: " + w));
        problems.AddRange(run.Log.Select(l => "huggingface_hub log: " + l));
        if (run.StdErr.Trim().Length > 0)
            problems.Add("stderr:\n" + run.StdErr);

        if (Library(run, "faster_whisper", problems) is { } whisper)
        {
            var folder = whisper["files"]!.AsObject();
            var paths = folder.Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
            if (!paths.SequenceEqual(PipelineRepos.WhisperTinyWanted.Order(StringComparer.Ordinal)))
                problems.Add($"faster-whisper's snapshot holds [{string.Join(", ", paths)}], expected [{string.Join(", ", PipelineRepos.WhisperTinyWanted)}]");
            foreach (var (path, file) in folder)
                CheckSha(problems, "faster-whisper", path, file, hub.Whisper);
        }

        if (Library(run, "kokoro", problems) is { } kokoro)
        {
            foreach (var (path, file) in kokoro.AsObject())
                CheckSha(problems, "kokoro", path, file, hub.Kokoro);
        }

        if (Library(run, "sentence_transformers", problems) is { } st)
        {
            foreach (var load in st.AsArray())
            {
                var path = load!["file"]!.GetValue<string>();
                if (load["raised"] is { } raised)
                    problems.Add($"sentence-transformers crashed loading {path} ({load["by"]}): {raised["error"]}: {raised["message"]}\n{OracleResult.Trim(raised["traceback"]?.GetValue<string>())}");
                else if (!E5Optional.Contains(path))
                    CheckSha(problems, "sentence-transformers", path, load["found"], hub.E5, load);
                else if (load["found"] is not null)
                    problems.Add($"sentence-transformers' optional {path} found, though the repo lacks it: {load.ToJsonString()}");
                else if (noExistMarkers && load["no_exist_marker"]?.GetValue<bool>() != true)
                    problems.Add($"sentence-transformers' optional {path}: no .no_exist marker in the cache ({load.ToJsonString()})");
            }
        }

        return problems;
    }

    private static void CheckSha(List<string> problems, string library, string path, JsonNode? file, FakeRepo repo, JsonNode? load = null)
    {
        var sha = file?["sha256"]?.GetValue<string>();
        if (sha != repo.Sha256Of(path))
            problems.Add($"{library} {path}: got {(sha is null ? "nothing" : "sha256 " + sha)}, expected {repo.Sha256Of(path)} {(load ?? file)?.ToJsonString()}");
    }

    private static JsonNode? Library(OracleResult run, string name, List<string> problems)
    {
        var outcome = run.Result[name]!;
        if (outcome["ok"]!.GetValue<bool>())
            return outcome["value"]!;
        problems.Add($"{name} raised {outcome["error"]}: {outcome["message"]}\n{OracleResult.Trim(outcome["traceback"]?.GetValue<string>())}");
        return null;
    }
}
