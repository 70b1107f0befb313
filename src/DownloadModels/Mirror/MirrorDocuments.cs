using System.Globalization;
using System.Text.Json;
using DownloadModels.Repos;

namespace DownloadModels.Mirror;

/// <summary>
/// The two JSON answers of a mirrored commit: the tree listing (what this tool verifies every byte
/// against: git sha1 <c>oid</c>, or <c>lfs.oid</c> sha256) and the revision info. Xet hashes are left
/// out on purpose: huggingface_hub with hf_xet installed would take a listed one as a cue to fetch the
/// file from Xet's storage through the endpoint's token route, which a static mirror cannot answer;
/// without it, it downloads the file from the mirror over plain HTTP.
/// </summary>
internal static class MirrorDocuments
{
    public static string Tree(IReadOnlyList<RepoFile> files) =>
        JsonSerializer.Serialize(
            files.Select(f => new MirrorTreeEntryDto("file", f.GitOid, f.Size, f.Path,
                f.LfsSha256 is { } sha ? new MirrorLfsDto(sha, f.Size, LfsPointerSize(f.Size)) : null)).ToList(),
            MirrorJsonContext.Default.ListMirrorTreeEntryDto);

    /// <summary>
    /// Gated is always false: a static mirror serves what it holds to whoever reaches it (access is the
    /// web server's business), and saying "gated" would only make clients ask for a token.
    /// </summary>
    public static string Revision(RepoId repo, string commit, IReadOnlyList<RepoFile> files) =>
        JsonSerializer.Serialize(
            new MirrorRevisionDto(repo.Id, commit, Private: false, Gated: false, Disabled: false,
                files.Select(f => new MirrorSiblingDto(f.Path, f.Size, f.GitOid,
                    f.LfsSha256 is { } sha ? new MirrorSiblingLfsDto(sha, f.Size, LfsPointerSize(f.Size)) : null)).ToList()),
            MirrorJsonContext.Default.MirrorRevisionDto);

    /// <summary>The commit a revision file names, or null when the file is not one of ours.</summary>
    public static (string Id, string Commit)? ReadRevision(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !doc.RootElement.TryGetProperty("sha", out var sha) || sha.ValueKind != JsonValueKind.String
                || !RevisionName.IsCommitHash(sha.GetString()!))
                return null;
            return (id.GetString()!, sha.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The size of the canonical git-lfs pointer file (version line, oid line, size line), which the
    /// Hub reports as <c>pointerSize</c>: 125 bytes plus the digits of the size.
    /// </summary>
    public static int LfsPointerSize(long size) =>
        "version https://git-lfs.github.com/spec/v1\n".Length + "oid sha256:\n".Length + 64 + "size \n".Length
        + size.ToString(CultureInfo.InvariantCulture).Length;
}
