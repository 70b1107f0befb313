using System.Text.Json;
using DownloadModels.Bundle;
using DownloadModels.Repos;

namespace DownloadModels.Oci;

/// <summary>
/// Writes a model as a CNCF ModelPack artifact: a config blob, one raw layer per file (its digest the file's
/// sha256), the file path in <c>org.cncf.model.filepath</c>, and the Hugging Face identity in our annotations.
/// Deterministic (no timestamps, sorted), so pushing the same model twice gives the same manifest digest.
/// </summary>
internal static class ModelPackWriter
{
    public sealed record Written(byte[] Config, string ConfigDigest, byte[] Manifest, string ManifestDigest);

    /// <param name="digests">Each file's OCI digest, by blob ETag.</param>
    public static Written Manifest(BundledRepo repo, IReadOnlyDictionary<string, string> digests, IReadOnlyList<RepoFile>? tree)
    {
        var files = repo.Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        var config = new ModelConfigDocument(
            new ModelDescriptorDocument(repo.Repo.Id, repo.Commit, $"https://huggingface.co/{repo.Repo.UrlPrefix}"),
            new ModelRunConfig(),
            new ModelFsDocument("layers", [.. files.Select(f => digests[f.Etag])]));
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Default.ModelConfigDocument);
        var configDigest = OciDigest.Of(configBytes);

        var layers = files.Select(f =>
        {
            var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [ModelPackFormat.FilePath] = f.Path,
                [ModelPackFormat.Title] = f.Path,
                [ModelPackFormat.HfGitOid] = f.GitOid,
            };
            if (f.IsLfs)
                annotations[ModelPackFormat.HfLfs] = "true";
            if (f.XetHash is { } xet)
                annotations[ModelPackFormat.HfXet] = xet;
            return new OciDescriptor(ModelPackFormat.LayerType(f.Path), digests[f.Etag], f.Size) { Annotations = annotations };
        }).ToArray();

        var manifestAnnotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelPackFormat.HfRepo] = repo.Repo.Id,
            [ModelPackFormat.HfRepoType] = TypeName(repo.Repo.Type),
            [ModelPackFormat.HfRevision] = repo.Revision,
            [ModelPackFormat.HfCommit] = repo.Commit,
            [ModelPackFormat.Title] = repo.Repo.Id,
            [ModelPackFormat.Revision] = repo.Commit,
            [ModelPackFormat.Source] = $"https://huggingface.co/{repo.Repo.UrlPrefix}",
        };
        if (repo.NoExist.Count > 0)
            manifestAnnotations[ModelPackFormat.HfNoExist] = JsonSerializer.Serialize(repo.NoExist.ToList(), OciJsonContext.Default.ListString);
        if (tree is not null)
        {
            var entries = tree.OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => new TreeEntryDocument(f.Path, f.Size, f.GitOid) { Lfs = f.LfsSha256, Xet = f.XetHash }).ToList();
            var json = JsonSerializer.Serialize(entries, OciJsonContext.Default.ListTreeEntryDocument);
            if (json.Length <= ModelPackFormat.MaxTreeAnnotationBytes)
                manifestAnnotations[ModelPackFormat.HfTree] = json;
        }

        var manifest = new OciDocument
        {
            SchemaVersion = 2,
            MediaType = ModelPackFormat.ManifestMediaType,
            ArtifactType = ModelPackFormat.ArtifactType,
            Config = new OciDescriptor(ModelPackFormat.ConfigMediaType, configDigest, configBytes.Length),
            Layers = layers,
            Annotations = manifestAnnotations,
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciDocument);
        return new Written(configBytes, configDigest, manifestBytes, OciDigest.Of(manifestBytes));
    }

    /// <summary>The index of a set: one entry per model manifest, annotated with its repo id.</summary>
    public static byte[] Index(IReadOnlyList<(BundledRepo Repo, Written Manifest)> models)
    {
        var index = new OciDocument
        {
            SchemaVersion = 2,
            MediaType = ModelPackFormat.IndexMediaType,
            Manifests = [.. models.Select(m => new OciDescriptor(ModelPackFormat.ManifestMediaType, m.Manifest.ManifestDigest, m.Manifest.Manifest.Length)
            {
                ArtifactType = ModelPackFormat.ArtifactType,
                Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    [ModelPackFormat.HfRepo] = m.Repo.Repo.Id,
                    [ModelPackFormat.HfRepoType] = TypeName(m.Repo.Repo.Type),
                    [ModelPackFormat.HfCommit] = m.Repo.Commit,
                    [ModelPackFormat.Title] = m.Repo.Repo.Id,
                },
            })],
        };
        return JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.OciDocument);
    }

    public static string TypeName(RepoType type) => type switch
    {
        RepoType.Dataset => "dataset",
        RepoType.Space => "space",
        _ => "model",
    };
}
