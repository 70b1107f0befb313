using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Commands;

/// <summary>
/// The root command's options: download_models.sh's behaviour (STT + TTS + embeddings, --whisper-model, --only),
/// with the same flags, variables and exit codes.
/// </summary>
internal sealed class DropInSelection
{
    public Option<string?> WhisperModel { get; } = new("--whisper-model")
    {
        Description = $"Whisper size for STT (faster-whisper's names: tiny, base, small, medium, large-v3, turbo, distil-*, ...; or an org/name repo). Default: WHISPER_MODEL, else {WhisperCatalog.DefaultName}.",
        HelpName = "NAME",
    };

    public Option<string?> Only { get; } = new("--only")
    {
        Description = "Download only one model: stt (Whisper), tts (Kokoro) or embeddings (E5).",
        HelpName = "stt|tts|embeddings",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(WhisperModel);
        command.Options.Add(Only);
    }

    /// <summary>True when --whisper-model or --only was given (they conflict with explicit repo ids).</summary>
    public bool IsUsed(ParseResult parse) => parse.GetResult(WhisperModel) is not null || parse.GetResult(Only) is not null;

    /// <summary>Turns the flags into model requests, or explains in one line what is valid.</summary>
    public IReadOnlyList<ModelRequest> Requests(ParseResult parse, AppEnvironment env)
    {
        var only = parse.GetValue(Only);
        if (only is not null && !PipelinePresets.ValidOnly.Contains(only))
            throw new UsageException($"--only '{only}' is not valid: use one of {string.Join(", ", PipelinePresets.ValidOnly)}.");

        var whisper = parse.GetValue(WhisperModel) ?? NonEmpty(env.GetEnv("WHISPER_MODEL")) ?? WhisperCatalog.DefaultName;
        if (!WhisperCatalog.TryResolve(whisper, out var whisperRepo))
            throw new UsageException($"unknown Whisper model '{whisper}': use one of {string.Join(", ", WhisperCatalog.Names)}, or an org/name repo id.");

        return PipelinePresets.Select(only, whisperRepo).Select(spec => new ModelRequest(spec, ParseRepo(spec.RepoId))).ToArray();
    }

    private static RepoId ParseRepo(string id) =>
        RepoId.TryParse(id, RepoType.Model, out var repo, out var error) ? repo! : throw new UsageException(error);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
