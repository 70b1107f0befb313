namespace DownloadModels.Oci;

/// <summary>
/// Media types and annotation keys: the OCI image spec's, CNCF ModelPack's (github.com/modelpack/model-spec)
/// and ours, which carry the Hugging Face identity (repo, commit, each file's Hub ETag) so a pull rebuilds the
/// cache exactly as <c>get</c> would have written it.
/// </summary>
internal static class ModelPackFormat
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerListMediaType = "application/vnd.docker.distribution.manifest.list.v2+json";

    public const string ArtifactType = "application/vnd.cncf.model.manifest.v1+json";
    public const string ConfigMediaType = "application/vnd.cncf.model.config.v1+json";
    public const string WeightMediaType = "application/vnd.cncf.model.weight.v1.raw";
    public const string WeightConfigMediaType = "application/vnd.cncf.model.weight.config.v1.raw";
    public const string DocMediaType = "application/vnd.cncf.model.doc.v1.raw";
    public const string CodeMediaType = "application/vnd.cncf.model.code.v1.raw";
    public const string DatasetMediaType = "application/vnd.cncf.model.dataset.v1.raw";

    /// <summary>The raw (uncompressed, one file per layer) layer types: the only ones pull writes, byte for byte.</summary>
    public static readonly IReadOnlySet<string> RawLayerTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        WeightMediaType, WeightConfigMediaType, DocMediaType, CodeMediaType, DatasetMediaType,
    };

    public const string FilePath = "org.cncf.model.filepath";
    public const string Title = "org.opencontainers.image.title";
    public const string Source = "org.opencontainers.image.source";
    public const string Revision = "org.opencontainers.image.revision";

    private const string Hf = "io.download-models.hf.";
    public const string HfRepo = Hf + "repo";
    public const string HfRepoType = Hf + "repo-type";
    public const string HfRevision = Hf + "revision";
    public const string HfCommit = Hf + "commit";
    public const string HfNoExist = Hf + "no-exist";
    public const string HfTree = Hf + "tree";
    public const string HfGitOid = Hf + "git-oid";
    public const string HfLfs = Hf + "lfs";
    public const string HfXet = Hf + "xet-hash";

    /// <summary>Larger manifests are refused unread (distribution itself refuses to store more than 4 MiB).</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    public const int MaxConfigBytes = 4 * 1024 * 1024;

    /// <summary>A saved tree larger than this is left out of the manifest (pull then writes none, as for a repo without one).</summary>
    public const int MaxTreeAnnotationBytes = 1024 * 1024;

    /// <summary>A non-LFS file is checked against both its OCI digest and its git oid in memory before it is written: at most this big.</summary>
    public const long MaxSmallFileBytes = 64L * 1024 * 1024;

    /// <summary>The layer type of a repo file: weights, docs, code, or the rest (configs, tokenizers) as weight config.</summary>
    public static string LayerType(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var ext = Path.GetExtension(name).ToLowerInvariant();
        if (ext is ".safetensors" or ".bin" or ".pt" or ".pth" or ".ckpt" or ".onnx" or ".onnx_data" or ".gguf" or ".h5" or ".msgpack" or ".tflite" or ".mlmodel" or ".ot" or ".npz" or ".pb")
            return WeightMediaType;
        if (ext is ".md" || name.StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase) || name.StartsWith("README", StringComparison.OrdinalIgnoreCase) || name is ".gitattributes")
            return DocMediaType;
        if (ext is ".py" or ".sh" or ".ipynb")
            return CodeMediaType;
        return WeightConfigMediaType;
    }
}
