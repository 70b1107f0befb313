using System.Reflection;

namespace DownloadModels.Commands;

internal static class AppInfo
{
    /// <summary>The version without the "+commit" suffix, for the User-Agent.</summary>
    public static string Version { get; } =
        Informational.Split('+')[0];

    /// <summary>The commit the binary was built from (7 hex digits), or null when the build did not know it.</summary>
    public static string? Commit { get; } =
        Informational.Split('+') is [_, var commit, ..] && commit.Length >= 7 ? commit[..7] : null;

    private static string Informational =>
        typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
