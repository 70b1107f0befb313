namespace DownloadModels.Contract;

/// <summary>The exit codes are part of the drop-in contract with download_models.sh; README.md documents them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The drop-in's invalid usage: a bad argument or combination, an invalid endpoint, a cache folder that cannot be written.</summary>
    public const int Usage = 1;

    /// <summary>The same mistakes made with a command (get, list, rm...): 2, as most CLIs (and `hf`) answer a usage error.</summary>
    public const int CommandUsage = 2;

    /// <summary>`doctor`: at least one check failed (each failed line says what to do).</summary>
    public const int ChecksFailed = 1;

    /// <summary>Stopped by Ctrl+C (SIGINT); partial files are kept and the next run resumes them.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (docker stop, CI cancel); partial files are kept.</summary>
    public const int Terminated = 143;

    /// <summary>Above this a count of failed models would read as a signal exit; more failures still exit 125.</summary>
    public const int MaxFailureCount = 125;

    /// <summary>N failed models exit with N, as the script did.</summary>
    public static int ForFailures(int failed) => Math.Min(failed, MaxFailureCount);
}
