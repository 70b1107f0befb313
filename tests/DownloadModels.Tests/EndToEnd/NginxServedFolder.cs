namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// A temp folder nginx's workers can read: they run as "nobody" when the tests run as root, and temp
/// folders are created 0700. The mirror inside needs nothing more: its files are hard links, so the
/// cache (under a private HOME) need not be readable by the web server, exactly as in production.
/// </summary>
internal sealed class NginxServedFolder : IDisposable
{
    public NginxServedFolder()
    {
        var parent = Directory.CreateTempSubdirectory("dm-served-");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(parent.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Parent = parent.FullName;
    }

    private string Parent { get; }

    /// <summary>The mirror folder (not created: `mirror` creates it).</summary>
    public string Path => System.IO.Path.Combine(Parent, "mirror");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Parent, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }
}
