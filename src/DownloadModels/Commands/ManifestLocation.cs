using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Errors;
using DownloadModels.Lockfile;
using DownloadModels.Manifest;

namespace DownloadModels.Commands;

/// <summary>
/// --manifest PATH (default ./download-models.toml) for init, lock, sync and sbom, and reading the manifest
/// and its lock (beside it, same name with .lock) with every problem as one usage error (exit 1).
/// </summary>
internal sealed class ManifestLocation
{
    public Option<string?> Manifest { get; } = new("--manifest")
    {
        Description = $"The manifest to use; its lock is beside it, with the extension .lock. Default: ./{ModelManifest.DefaultFileName}.",
        HelpName = "PATH",
    };

    public ManifestLocation()
    {
        Manifest.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: 0 })
                result.AddError("--manifest is empty: give a file, e.g. --manifest models/download-models.toml.");
        });
    }

    public void AddTo(Command command) => command.Options.Add(Manifest);

    public string ManifestPath(ParseResult parse, AppEnvironment env) =>
        Path.GetFullPath(parse.GetValue(Manifest) ?? ModelManifest.DefaultFileName, env.CurrentDirectory);

    public string LockPath(ParseResult parse, AppEnvironment env) => ModelManifest.LockPathFor(ManifestPath(parse, env));

    public static ModelManifest ReadManifest(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"no manifest at {path}: run 'download-models init' to write one, or give --manifest PATH.");
        try
        {
            return ManifestReader.Read(path);
        }
        catch (TomlFileException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path} ({SystemErrors.Describe(e)}): check its permissions.");
        }
    }

    /// <summary>The lock, or null when there is none; a damaged one is a usage error.</summary>
    public static LockedSet? ReadLock(string path)
    {
        try
        {
            return LockReader.ReadIfExists(path);
        }
        catch (TomlFileException e)
        {
            throw new UsageException($"{e.Message}{Environment.NewLine}Nothing was changed. Restore the lock from version control, or delete it and run 'download-models lock' to resolve every entry again.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path} ({SystemErrors.Describe(e)}): check its permissions.");
        }
    }

    /// <summary>The lock that must exist (sync --frozen, sbom, pack/mirror --lock).</summary>
    public static LockedSet RequireLock(string path, string hint) =>
        ReadLock(path) ?? throw new UsageException($"no lock at {path}: {hint}");
}
