namespace DownloadModels.Contract;

/// <summary>
/// What kind of failure stopped a command as a whole: the JSON document's <c>error.code</c> (docs/json.md) is this
/// kind in snake_case. A new kind is a new enum value of the JSON contract: add it to the schema and the docs.
/// </summary>
internal enum ErrorKind
{
    /// <summary>The command line, or a file or variable it names, cannot be used.</summary>
    Usage,

    /// <summary>A folder or file the command must write cannot be written (the cache, the mirror, the bundle).</summary>
    NotWritable,

    /// <summary>Not enough free space for what the command would write.</summary>
    NoSpace,

    /// <summary>A folder or file the command must read cannot be read (the cache, a bundle).</summary>
    Unreadable,

    /// <summary>The bundle is not one this tool can unpack (damaged, truncated, hostile, another format).</summary>
    BadBundle,

    /// <summary>The OCI registry refused or failed (auth, not found, a bad manifest).</summary>
    Registry,
}
