using DownloadModels.Doctor;
using DownloadModels.Output.Json;

namespace DownloadModels.Output;

/// <summary>`doctor --json`: the one document on stdout, through the envelope every command's document shares.</summary>
internal static class DoctorJson
{
    public static void Write(TextWriter output, DoctorReport report, string cacheDir, int exitCode) =>
        JsonReport.Write(output, DoctorDocument.Of(report, cacheDir, exitCode));
}
