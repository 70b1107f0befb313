using System.Globalization;
using System.Text.Json;
using DownloadModels.Lockfile;
using DownloadModels.Repos;

namespace DownloadModels.Sbom;

/// <summary>
/// The locked set as a CycloneDX 1.6 JSON document: each model a <c>machine-learning-model</c> component with
/// the purl <c>pkg:huggingface/{org}/{name}@{commit}</c> (datasets are <c>data</c>, spaces <c>application</c>;
/// the purl type covers models only), its files as <c>file</c> sub-components carrying their SHA-256 (LFS
/// files) and, as properties, their size, git blob sha1 and Xet hash. A git blob sha1 is not the SHA-1 of
/// the content (it hashes a "blob N\0" header too), so it is a property, never a CycloneDX "SHA-1" hash.
/// </summary>
internal static class SbomBuilder
{
    public const string SpecVersion = "1.6";
    private const string Schema = "http://cyclonedx.org/schema/bom-1.6.schema.json";
    private const string Prefix = "download-models:";

    /// <param name="reproducible">Leave out the serial number and the time stamp, so the same lock always gives the same bytes.</param>
    public static string Json(LockedSet lockFile, string toolVersion, bool reproducible, DateTimeOffset now)
    {
        var bom = new CdxBom(
            Schema, "CycloneDX", SpecVersion,
            reproducible ? null : $"urn:uuid:{Guid.NewGuid():D}",
            1,
            new CdxMetadata(
                reproducible ? null : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                new CdxTools([new CdxComponent("application", null, null, "download-models", toolVersion)])),
            [.. lockFile.Models.Select(Model)]);
        return JsonSerializer.Serialize(bom, SbomJsonContext.Default.CdxBom) + "\n";
    }

    /// <summary><c>pkg:huggingface/{org}/{name}@{commit}</c> (no namespace for a repo id without an org).</summary>
    public static string Purl(RepoId repo, string commit) => $"pkg:huggingface/{repo.Id}@{commit}";

    private static CdxComponent Model(LockedModel model)
    {
        var repo = model.Input.Repo;
        var slash = repo.Id.IndexOf('/');
        var (group, name) = slash < 0 ? (null, repo.Id) : (repo.Id[..slash], repo.Id[(slash + 1)..]);
        var purl = repo.Type == RepoType.Model ? Purl(repo, model.Commit) : null;
        var reference = purl ?? $"huggingface:{repo.TypePlural}/{repo.Id}@{model.Commit}";
        var properties = new List<CdxProperty>
        {
            new(Prefix + "repo_type", LockWriter.TypeName(repo.Type)),
            new(Prefix + "revision", model.Input.Revision),
        };
        if (model.Input.Preset is { } preset)
            properties.Add(new(Prefix + "preset", preset));
        return new CdxComponent(
            repo.Type switch { RepoType.Dataset => "data", RepoType.Space => "application", _ => "machine-learning-model" },
            reference, group, name, model.Commit,
            Purl: purl,
            ExternalReferences: [new CdxExternalReference("distribution", $"https://huggingface.co/{(repo.Type == RepoType.Model ? "" : repo.TypePlural + "/")}{repo.Id}/tree/{model.Commit}")],
            Components: [.. model.Files.Select(f => File(reference, f))],
            Properties: properties);
    }

    private static CdxComponent File(string modelReference, RepoFile file)
    {
        var properties = new List<CdxProperty>
        {
            new(Prefix + "size", file.Size.ToString(CultureInfo.InvariantCulture)),
            new(Prefix + "git_sha1", file.GitOid),
        };
        if (file.XetHash is { } xet)
            properties.Add(new(Prefix + "xet_hash", xet));
        return new CdxComponent("file", $"{modelReference}#{file.Path}", null, file.Path, null,
            Hashes: file.LfsSha256 is { } sha256 ? [new CdxHash("SHA-256", sha256)] : null,
            Properties: properties);
    }
}
