using System.Text.Json;
using DownloadModels.Output.Json;

namespace DownloadModels.Output;

/// <summary>Writes a run's one JSON document (<c>--format json</c>) to stdout, ending with a newline.</summary>
internal static class JsonReport
{
    public static void Write(TextWriter output, RunDocument document)
    {
        output.Write(JsonSerializer.Serialize(document, ResultJsonContext.Default.RunDocument) + "\n");
        output.Flush();
    }
}
