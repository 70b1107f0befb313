using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// Why a run failed: <c>code</c> one of <see cref="ErrorCodes"/> (snake_case words a program may switch on),
/// <c>message</c> the line stderr shows, <c>hint</c> what to do when the message alone does not say it (else null).
/// </summary>
internal sealed record ErrorDocument(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("hint")] string? Hint = null);

/// <summary>The values of <c>error.code</c>: docs/json.md and the schema list the same words.</summary>
internal static class ErrorCodes
{
    /// <summary>The command line, or a file or variable it names, cannot be used (exit 2; the drop-in: 1).</summary>
    public const string Usage = "usage";

    /// <summary>A folder or file to write cannot be written.</summary>
    public const string NotWritable = "not_writable";

    /// <summary>Not enough free space.</summary>
    public const string NoSpace = "no_space";

    /// <summary>A folder or file to read cannot be read.</summary>
    public const string Unreadable = "unreadable";

    /// <summary>The bundle cannot be unpacked (damaged, truncated, not a bundle).</summary>
    public const string BadBundle = "bad_bundle";

    /// <summary>The OCI registry refused or failed.</summary>
    public const string Registry = "registry";

    /// <summary>The run went through, and some repos (or targets) failed: exit code N = how many; each says why.</summary>
    public const string ReposFailed = "repos_failed";

    /// <summary>`doctor`: at least one check failed (exit 1); each failed check's <c>fix</c> says what to do.</summary>
    public const string ChecksFailed = "checks_failed";

    public static readonly string[] All = [Usage, NotWritable, NoSpace, Unreadable, BadBundle, Registry, ReposFailed, ChecksFailed];
}
