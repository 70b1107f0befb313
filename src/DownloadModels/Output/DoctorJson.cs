using System.Text.Json;
using DownloadModels.Doctor;
using DownloadModels.Output.Json;

namespace DownloadModels.Output;

/// <summary>`doctor --json`: the one document on stdout.</summary>
internal static class DoctorJson
{
    public static void Write(TextWriter output, DoctorReport report, string cacheDir, int exitCode)
    {
        output.Write(JsonSerializer.Serialize(DoctorDocument.Of(report, cacheDir, exitCode), DoctorDocumentContext.Default.DoctorDocument) + "\n");
        output.Flush();
    }
}
