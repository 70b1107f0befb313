namespace DownloadModels.Manifest;

/// <summary>The models a project needs (download-models.toml), in the order the file lists them.</summary>
internal sealed record ModelManifest(string Path, IReadOnlyList<ManifestEntry> Entries)
{
    public const string DefaultFileName = "download-models.toml";

    /// <summary>The lock's path: beside the manifest, same name with <c>.lock</c> (download-models.toml → download-models.lock).</summary>
    public static string LockPathFor(string manifestPath) => System.IO.Path.ChangeExtension(manifestPath, ".lock");
}
