using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Sbom;

namespace DownloadModels.Commands;

/// <summary>`sbom [--output FILE]`: the locked set as a CycloneDX 1.6 JSON document, from the lock alone (no network, no cache).</summary>
internal sealed class SbomCommand
{
    private readonly ManifestLocation _manifest = new();
    private readonly LockSelection _lock = new();

    public SbomCommand(AppEnvironment env, CommonOptions common)
    {
        _manifest.AddTo(Command);
        Command.Options.Add(_lock.Lock);
        Command.Options.Add(Output);
        Command.Options.Add(Reproducible);
        common.Output.AddQuiet(Command);
        Command.Validators.Add(result =>
        {
            if (result.GetResult(_lock.Lock) is not null && result.GetResult(_manifest.Manifest) is not null)
                result.AddError("give --lock or --manifest, not both.");
        });
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () =>
        {
            var lockPath = _lock.Path(parse, env) ?? _manifest.LockPath(parse, env);
            var lockFile = ManifestLocation.RequireLock(lockPath, "run 'download-models lock' first; the SBOM describes the locked set.");
            var json = SbomBuilder.Json(lockFile, AppInfo.Version, parse.GetValue(Reproducible), TimeProvider.System.GetUtcNow());
            if (parse.GetValue(Output) is not { } output)
            {
                env.Out.Write(json);
                return Task.FromResult(ExitCodes.Success);
            }

            var target = Path.GetFullPath(output, env.CurrentDirectory);
            if (Directory.Exists(target) || !Directory.Exists(Path.GetDirectoryName(target)))
                throw new UsageException($"cannot write {target}: give a file in an existing folder.");
            if (OutputFile.Plan(target).Problem is { } problem)
                throw new UsageException($"cannot write the SBOM: {problem}.");
            OutputFile.WriteAllText(target, json);
            if (!parse.GetValue(common.Output.Quiet))
                env.Error.WriteLine($"Wrote {target}: CycloneDX {SbomBuilder.SpecVersion}, {lockFile.Models.Count} model(s), {lockFile.Models.Sum(m => m.Files.Count)} files.");
            return Task.FromResult(ExitCodes.Success);
        }));
    }

    public Command Command { get; } = new("sbom", HelpText.Describe(
        "Print (or write) the locked set as a CycloneDX 1.6 JSON SBOM: each model with its purl pkg:huggingface/org/name@commit and its files with their hashes.",
        "download-models sbom -o models.cdx.json",
        "download-models sbom --lock deploy/models.lock --reproducible > models.cdx.json"));

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the SBOM to this file instead of stdout.",
        HelpName = "FILE",
    };

    public Option<bool> Reproducible { get; } = new("--reproducible")
    {
        Description = "Leave out the serial number and time stamp, so the same lock always gives the same bytes.",
    };
}
