using System.Text.Json;
using DownloadModels.Repos;

namespace DownloadModels.Oci;

/// <summary>
/// Reads manifests and indexes as a registry (or anyone in between) sent them, trusting nothing: the kinds and
/// media types must be ones pull understands, every digest well formed, every path a safe repo path, the
/// Hugging Face identity complete and consistent (an LFS file's digest is its sha256). Any defect is an
/// <see cref="OciException"/> naming it, raised before anything is written.
/// </summary>
internal static class ModelPackReader
{
    public static OciDocument Parse(byte[] bytes, string where)
    {
        OciDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.OciDocument);
        }
        catch (JsonException e)
        {
            throw new OciException($"{where} is not a valid manifest (not the JSON of an OCI manifest or index, at byte {e.BytePositionInLine ?? 0} of line {(e.LineNumber ?? 0) + 1}).");
        }

        if (document is null || document.SchemaVersion != 2)
            throw new OciException($"{where} is not an OCI manifest (schemaVersion {document?.SchemaVersion ?? 0}, expected 2).");
        return document;
    }

    public static bool IsIndex(OciDocument document, string? contentType) =>
        (document.MediaType ?? contentType) is ModelPackFormat.IndexMediaType or ModelPackFormat.DockerListMediaType
        || (document.MediaType is null && document.Manifests is not null && document.Layers is null);

    /// <summary>The model manifests an index lists, checked: each a manifest by a well-formed digest.</summary>
    public static IReadOnlyList<OciDescriptor> Entries(OciDocument index, string where)
    {
        var entries = index.Manifests ?? throw new OciException($"{where} is an index without manifests.");
        if (entries.Count == 0)
            throw new OciException($"{where} is an empty index: nothing to pull.");
        foreach (var entry in entries)
        {
            if (entry.MediaType != ModelPackFormat.ManifestMediaType)
                throw new OciException($"{where} lists a {entry.MediaType ?? "(no media type)"} entry: only OCI image manifests of models can be pulled.");
            if (!OciDigest.IsValid(entry.Digest) || entry.Size is <= 0 or > ModelPackFormat.MaxManifestBytes)
                throw new OciException($"{where} lists a manifest with an invalid digest or size ({entry.Digest}, {entry.Size} bytes).");
        }

        return entries;
    }

    /// <summary>One model manifest, validated; its config is checked later, once fetched (<see cref="CheckConfig"/>).</summary>
    public static OciModel Model(OciDocument manifest, string digest, string? contentType, string where)
    {
        var mediaType = manifest.MediaType ?? contentType;
        if (mediaType is not (ModelPackFormat.ManifestMediaType or null))
            throw new OciException($"{where} is a {mediaType}, not an OCI image manifest.");
        var config = manifest.Config ?? throw new OciException($"{where} has no config.");
        if (config.MediaType != ModelPackFormat.ConfigMediaType)
            throw new OciException($"{where} is not a CNCF ModelPack model (its config is {config.MediaType ?? "untyped"}; expected {ModelPackFormat.ConfigMediaType}): pull takes model artifacts only.");
        if (manifest.ArtifactType is { } artifact && artifact != ModelPackFormat.ArtifactType)
            throw new OciException($"{where} has the artifact type {artifact}, not a ModelPack model ({ModelPackFormat.ArtifactType}).");
        if (!OciDigest.IsValid(config.Digest) || config.Size is <= 0 or > ModelPackFormat.MaxConfigBytes)
            throw new OciException($"{where} names its config with an invalid digest or size.");
        var descriptors = manifest.Layers ?? throw new OciException($"{where} has no layers.");
        var annotations = manifest.Annotations ?? [];
        var identity = annotations.ContainsKey(ModelPackFormat.HfRepo) ? Identity(annotations, where) : null;

        var layers = new List<OciLayer>(descriptors.Count);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in descriptors)
        {
            if (layer.MediaType is null || !ModelPackFormat.RawLayerTypes.Contains(layer.MediaType))
                throw new OciException(layer.MediaType?.StartsWith("application/vnd.cncf.model.", StringComparison.Ordinal) == true
                    ? $"{where} has a {layer.MediaType} layer: only raw (uncompressed, one file per layer) layers can be pulled into the cache."
                    : $"{where} has a layer of unknown media type {layer.MediaType ?? "(none)"}: not a ModelPack model layer.");
            if (!OciDigest.IsValid(layer.Digest) || layer.Size < 0)
                throw new OciException($"{where} has a layer with an invalid digest or size ({layer.Digest}, {layer.Size}).");
            var layerAnnotations = layer.Annotations ?? [];
            if (!layerAnnotations.TryGetValue(ModelPackFormat.FilePath, out var path))
                throw new OciException($"{where} has a layer ({layer.Digest}) without the {ModelPackFormat.FilePath} annotation: its file has no name.");
            if (RepoPath.Validate(path) is { } bad)
                throw new OciException($"{where} names a file '{RepoPath.Shown(path)}' that cannot be written: {bad}.");
            if (!paths.Add(path))
                throw new OciException($"{where} lists {RepoPath.Shown(path)} twice.");
            layers.Add(new OciLayer(File(layer, path, layerAnnotations, identity is not null, where), layer.Digest!, layer.MediaType));
        }

        if (identity?.Tree is { } tree)
        {
            var listed = tree.ToDictionary(f => f.Path, StringComparer.Ordinal);
            if (layers.FirstOrDefault(l => !listed.TryGetValue(l.File.Path, out var entry) || entry with { XetHash = l.File.XetHash } != l.File) is { } liar)
                throw new OciException($"{where}: {RepoPath.Shown(liar.File.Path)} differs from the commit's listing it carries (size, git oid or sha256): the manifest is inconsistent; nothing was written.");
        }

        return new OciModel(digest, config, layers, identity);
    }

    /// <summary>The config blob: a ModelPack config whose layer list (diffIds) is the manifest's.</summary>
    public static void CheckConfig(OciModel model, byte[] bytes, string where)
    {
        ModelConfigDocument? config;
        try
        {
            config = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ModelConfigDocument);
        }
        catch (JsonException e)
        {
            throw new OciException($"the config of {where} is not a ModelPack config (not the JSON it should be, at line {(e.LineNumber ?? 0) + 1}).");
        }

        if (config?.ModelFs?.DiffIds is { } diffIds && !diffIds.SequenceEqual(model.Layers.Select(l => l.Digest), StringComparer.Ordinal))
            throw new OciException($"the config of {where} lists other layers than its manifest (modelfs.diffIds): the artifact is inconsistent; nothing was written.");
    }

    private static RepoFile File(OciDescriptor layer, string path, SortedDictionary<string, string> annotations, bool hf, string where)
    {
        var sha256 = OciDigest.Hex64(layer.Digest!);
        if (!hf)
            return new RepoFile(path, layer.Size, "", sha256);
        if (!annotations.TryGetValue(ModelPackFormat.HfGitOid, out var oid) || !Hex.IsLower(oid, 40))
            throw new OciException($"{where}: {RepoPath.Shown(path)} has no valid {ModelPackFormat.HfGitOid}: the Hugging Face identity is incomplete.");
        var lfs = annotations.TryGetValue(ModelPackFormat.HfLfs, out var flag) && flag == "true";
        annotations.TryGetValue(ModelPackFormat.HfXet, out var xet);
        if (xet is not null && !Hex.IsLower(xet, 64))
            throw new OciException($"{where}: {RepoPath.Shown(path)} has an invalid {ModelPackFormat.HfXet}.");
        if (!lfs && layer.Size > ModelPackFormat.MaxSmallFileBytes)
            throw new OciException($"{where}: {RepoPath.Shown(path)} claims to be a plain git file of {layer.Size} bytes: the Hub stores files that large in LFS; the manifest is not to be trusted.");
        return new RepoFile(path, layer.Size, oid, lfs ? sha256 : null, xet);
    }

    private static HfIdentity Identity(SortedDictionary<string, string> annotations, string where)
    {
        var typeName = annotations.GetValueOrDefault(ModelPackFormat.HfRepoType, "model");
        RepoType? type = typeName switch { "model" => RepoType.Model, "dataset" => RepoType.Dataset, "space" => RepoType.Space, _ => null };
        if (type is null)
            throw new OciException($"{where} names an invalid Hugging Face repo type '{typeName}'.");
        if (!RepoId.TryParse(annotations[ModelPackFormat.HfRepo], type.Value, out var repo, out var error))
            throw new OciException($"{where} names an invalid Hugging Face repo: {error}");
        if (!annotations.TryGetValue(ModelPackFormat.HfCommit, out var commit) || !RevisionName.IsCommitHash(commit))
            throw new OciException($"{where} has no valid {ModelPackFormat.HfCommit} (40 lowercase hex digits).");
        var revision = annotations.GetValueOrDefault(ModelPackFormat.HfRevision, commit);
        if (RevisionName.Validate(revision) is { } bad)
            throw new OciException($"{where} has an invalid revision: {bad}");
        var noExist = annotations.TryGetValue(ModelPackFormat.HfNoExist, out var markers) ? List(markers, OciJsonContext.Default.ListString, where) : [];
        if (noExist.FirstOrDefault(p => RepoPath.Validate(p) is not null) is { } badMarker)
            throw new OciException($"{where} has a .no_exist name '{RepoPath.Shown(badMarker)}' that is not a safe repo path.");
        IReadOnlyList<RepoFile>? tree = null;
        if (annotations.TryGetValue(ModelPackFormat.HfTree, out var treeJson))
        {
            var entries = List(treeJson, OciJsonContext.Default.ListTreeEntryDocument, where);
            if (entries.Any(e => RepoPath.Validate(e.Path) is not null || e.Size < 0 || !Hex.IsLower(e.Oid, 40)
                || (e.Lfs is not null && !Hex.IsLower(e.Lfs, 64)) || (e.Xet is not null && !Hex.IsLower(e.Xet, 64))))
                throw new OciException($"{where} carries a listing ({ModelPackFormat.HfTree}) with an invalid entry.");
            tree = [.. entries.Select(e => new RepoFile(e.Path, e.Size, e.Oid, e.Lfs, e.Xet))];
        }

        return new HfIdentity(repo!, revision, commit, noExist, tree);
    }

    private static List<T> List<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> type, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? [];
        }
        catch (JsonException)
        {
            throw new OciException($"{where} has an annotation that is not the JSON list it should be.");
        }
    }
}
