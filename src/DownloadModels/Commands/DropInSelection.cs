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
        Description = "Only one of the pipeline's models: stt (Whisper), tts (Kokoro) or embeddings (E5).",
        HelpName = "stt|tts|embeddings",
    };

    public DropInSelection()
    {
        Only.OneOf(PipelinePresets.ValidOnly);
        WhisperModel.NoOptionAsValue();
        WhisperModel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && !WhisperCatalog.TryResolve(name, out _))
                result.AddError(WhisperError(name));
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(WhisperModel);
        command.Options.Add(Only);
    }

    /// <summary>Turns the flags into model requests, or explains in one line what is valid.</summary>
    public IReadOnlyList<ModelRequest> Requests(ParseResult parse, AppEnvironment env)
    {
        // The flags were checked while parsing; WHISPER_MODEL from the environment is checked here.
        var whisper = parse.GetValue(WhisperModel) ?? NonEmpty(env.GetEnv("WHISPER_MODEL")) ?? WhisperCatalog.DefaultName;
        if (!WhisperCatalog.TryResolve(whisper, out var whisperRepo))
            throw new UsageException(WhisperError(whisper));

        return PipelinePresets.Select(parse.GetValue(Only), whisperRepo).Select(spec => new ModelRequest(spec, ParseRepo(spec.RepoId))).ToArray();
    }

    /// <summary>The name probably meant ("Large-v3" → large-v3), else every name faster-whisper knows.</summary>
    private static string WhisperError(string name) =>
        Suggestions.Closest(name, WhisperCatalog.Names) is { } meant
            ? $"unknown Whisper model '{name}': did you mean {meant}? (faster-whisper's names are case-sensitive)"
            : $"unknown Whisper model '{name}': use one of {string.Join(", ", WhisperCatalog.Names)}, or an org/name repo id.";

    private static RepoId ParseRepo(string id) =>
        RepoId.TryParse(id, RepoType.Model, out var repo, out var error) ? repo! : throw new UsageException(error);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
