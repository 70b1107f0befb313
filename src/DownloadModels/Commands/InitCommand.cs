using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Manifest;

namespace DownloadModels.Commands;

/// <summary>`init`: writes download-models.toml equal to the drop-in's defaults, commented; never over an existing one without --force.</summary>
internal sealed class InitCommand
{
    private readonly ManifestLocation _manifest = new();

    public InitCommand(AppEnvironment env, CommonOptions common)
    {
        _manifest.AddTo(Command);
        Command.Options.Add(Force);
        common.Output.AddQuiet(Command);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () =>
        {
            var path = _manifest.ManifestPath(parse, env);
            if (Directory.Exists(path))
                throw new UsageException($"{path} is a folder: give the manifest a file name, e.g. --manifest {Path.Combine(path, ModelManifest.DefaultFileName)}.");
            if (File.Exists(path) && !parse.GetValue(Force))
                throw new UsageException($"{path} exists already: edit it, or pass --force to replace it with the defaults.");
            if (!Directory.Exists(Path.GetDirectoryName(path)))
                throw new UsageException($"the folder of {path} does not exist: create it first.");
            if (OutputFile.Plan(path).Problem is { } problem)
                throw new UsageException($"cannot write the manifest: {problem}.");
            OutputFile.WriteAllText(path, ManifestTemplate.Text);
            if (!parse.GetValue(common.Output.Quiet))
            {
                env.Error.WriteLine($"Wrote {path}: the drop-in's models (stt, tts, embeddings).");
                env.Error.WriteLine($"Next: edit it if needed, run 'download-models lock', and commit both {Path.GetFileName(path)} and {Path.GetFileName(ModelManifest.LockPathFor(path))}.");
            }

            return Task.FromResult(ExitCodes.Success);
        }));
    }

    public Command Command { get; } = new("init", HelpText.Describe(
        $"Write {ModelManifest.DefaultFileName} with the drop-in's models (stt, tts, embeddings), commented, to edit and lock.",
        "download-models init                                     # ./download-models.toml",
        "download-models init --manifest deploy/models.toml --force"));

    public Option<bool> Force { get; } = new("--force") { Description = "Replace an existing manifest." };
}
