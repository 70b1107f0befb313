using DownloadModels.Doctor;
using DownloadModels.Output.Json;

namespace DownloadModels.Output;

/// <summary>
/// `doctor --json`: the one document on stdout, through the envelope every command's document shares; a failed run
/// also says its error's line on stderr, as every command's document and stderr agree.
/// </summary>
internal static class DoctorJson
{
    public static void Write(TextWriter output, TextWriter error, DoctorReport report, string cacheDir, int exitCode)
    {
        var document = DoctorDocument.Of(report, cacheDir, exitCode);
        if (document.Error is { Message: var line })
            error.WriteLine($"download-models: {line}");
        JsonReport.Write(output, document);
    }
}
