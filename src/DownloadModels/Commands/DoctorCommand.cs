using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Doctor;
using DownloadModels.Output;
using DownloadModels.Presets;
using DownloadModels.Repos;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// `doctor`: when a download will not work, says why in one run — a line per check (the endpoint, TLS, the CDN and
/// Xet hosts a download goes to and through which proxy, the CA store, the token and whose it is, the cache's free
/// space, whether it is writable and healthy), each failed one with what to do. The checks live in
/// <see cref="Diagnosis"/>; exit 0 only when none failed.
/// </summary>
internal sealed class DoctorCommand
{
    /// <summary>Long enough for a slow link's first answer, short enough that doctor answers in seconds.</summary>
    public const int DefaultTimeoutSeconds = 5;

    private readonly Option<string?> _repo = new("--repo")
    {
        Description = $"The repo whose download path is followed (its revision, an LFS file's CDN, its Xet store). Default: {PipelinePresets.EmbeddingsRepoId}.",
        HelpName = "REPO",
    };

    private readonly Option<int?> _timeout = new Option<int?>("--timeout")
    {
        Description = $"Seconds each network check may wait (default {DefaultTimeoutSeconds}); checks run at once.",
        HelpName = "SECONDS",
    }.Int(1, 120);

    public DoctorCommand(AppEnvironment env, CommonOptions common)
    {
        common.AddCache(Command);
        Command.Options.Add(common.Token);
        Command.Options.Add(common.Endpoint);
        Command.Options.Add(common.Offline);
        Command.Options.Add(_repo);
        Command.Options.Add(_timeout);
        common.Output.AddTo(Command, progress: false);
        _repo.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !RepoId.TryParse(text, RepoType.Model, out _, out var error))
                result.AddError($"--repo: {error}");
        });
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            var settings = context.Settings;
            RepoId.TryParse(parse.GetValue(_repo) ?? PipelinePresets.EmbeddingsRepoId, RepoType.Model, out var repo, out _);
            var token = TokenResolver.Resolve(parse.GetValue(common.Token), env.GetEnv, settings.Cache.HfHome);
            var inputs = new DoctorInputs(context.Http, token?.Source, repo!, settings.Cache.HubCacheDir, settings.Offline,
                TimeSpan.FromSeconds(parse.GetValue(_timeout) ?? DefaultTimeoutSeconds));
            // The CA store as the HTTP client reads it: from the process's own environment, as OpenSSL would.
            var report = await Diagnosis.RunAsync(inputs, Environment.GetEnvironmentVariable, ct);
            var exit = report.Passed ? ExitCodes.Success : ExitCodes.ChecksFailed;
            if (context.Output.Json)
                DoctorJson.Write(env.Out, env.Error, report, settings.Cache.HubCacheDir, exit);
            else
                DoctorText.Write(env.Out, report, context.Output.Quiet);
            return exit;
        }));
    }

    public Command Command { get; } = new("doctor", HelpText.Describe(
        "When a download will not work, say why: the endpoint and TLS, the CDN and Xet hosts downloads go to (and through which proxy), " +
        "the CA store, the token and whose it is, the cache's free space, whether it is writable and healthy. A line per check, each " +
        "failed one with what to do; exit 0 only when none failed, 1 when one did (docs/doctor.md).",
        "download-models doctor",
        "download-models doctor --repo org/private-model     # the path of a repo of yours (token, gated access, its CDN)",
        "HF_ENDPOINT=https://mirror.example download-models doctor --json"));
}
