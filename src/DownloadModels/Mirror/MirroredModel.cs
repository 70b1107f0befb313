using DownloadModels.Repos;

namespace DownloadModels.Mirror;

/// <summary>
/// What mirroring one model did: the selection's files by outcome, and how many files the mirror now
/// serves at that commit (earlier runs' selections included). <see cref="NotWorldReadable"/> counts
/// blobs a web server running as another user could not read.
/// </summary>
internal sealed record MirroredModel(
    RepoId Repo,
    string Revision,
    string Commit,
    int Files,
    long Bytes,
    int Linked,
    int Copied,
    int Present,
    int Served,
    int NotWorldReadable);
