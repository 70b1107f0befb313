namespace DownloadModels.Settings;

/// <summary>
/// The user's home folder, when there is a usable one. Containers often have none: <c>docker run --user 1234</c>
/// with no passwd entry, Debian's <c>nobody</c> (HOME=/nonexistent), a bare root file system. A missing home
/// must then only matter where a setting needs it (the default cache, a leading <c>~</c>), and there it is one
/// clear line (see <see cref="CacheLocator"/>), never a crash.
/// </summary>
internal static class HomeFolder
{
    /// <summary>Debian's name for "no home"; never created by anything here.</summary>
    public const string NoHome = "/nonexistent";

    public const string Missing = "there is no home folder (HOME is unset, empty or not an existing folder)";

    /// <summary>
    /// HOME when set and non-empty, else the account's passwd entry (as Python's expanduser); null when that
    /// is not an absolute path to an existing folder. The runtime answers "/" when there is no passwd entry
    /// (or no /etc/passwd at all): that counts as no home, since it would put the cache at /.cache.
    /// </summary>
    public static string? FromProcess()
    {
        if (Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home)
            return Usable(home);
        var fromPasswd = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        return fromPasswd == "/" ? null : Usable(fromPasswd);
    }

    public static string? Usable(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && Path.IsPathFullyQualified(candidate) && Directory.Exists(candidate)
            ? Path.TrimEndingDirectorySeparator(candidate)
            : null;

    /// <summary>
    /// With HOME unset or empty and no passwd entry, the runtime's certificate chain building throws while
    /// locating the per-user store folder (~/.dotnet/corefx/cryptography/x509stores), so every TLS handshake
    /// fails, whatever trust is configured. The runtime reads HOME from this process's managed environment,
    /// so naming the passwd home, or a folder that does not exist, there is enough: its per-user stores are
    /// then simply empty. Native code (OpenSSL) does not see this change, and needs none.
    /// </summary>
    public static void ProvideForRuntime(string? home)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")))
            Environment.SetEnvironmentVariable("HOME", home ?? NoHome);
    }
}
