namespace DownloadModels.Hub;

internal enum HubErrorKind
{
    RepoNotFound,
    GatedRepo,
    RevisionNotFound,
    EntryNotFound,
    Disabled,
    Unauthorized,
    /// <summary>408, 429, 5xx and network failures: worth another attempt.</summary>
    Transient,
    /// <summary>The CDN answered 403 to a signed URL: it expired; resolve the file again at once.</summary>
    SignedUrlExpired,
    /// <summary>The Hub answered something this client cannot use (bad JSON, missing fields, loops).</summary>
    Protocol,
    Other,
}
