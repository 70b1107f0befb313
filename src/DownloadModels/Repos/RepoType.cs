namespace DownloadModels.Repos;

/// <summary>The three kinds of Hub repository; each has its own URL prefix and cache folder prefix.</summary>
internal enum RepoType
{
    Model,
    Dataset,
    Space,
}
