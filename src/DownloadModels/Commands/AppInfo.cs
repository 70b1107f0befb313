using System.Reflection;

namespace DownloadModels.Commands;

internal static class AppInfo
{
    /// <summary>The version without the "+commit" suffix, for the User-Agent.</summary>
    public static string Version { get; } =
        (typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
