using System.Text.Json;
using DownloadModels.Output.Json;

namespace DownloadModels.Output;

/// <summary>Writes a run's one JSON document (<c>--format json</c>) to stdout, ending with a newline: any command's, envelope first.</summary>
internal static class JsonReport
{
    public static void Write(TextWriter output, JsonEnvelope document)
    {
        output.Write(JsonSerializer.Serialize(document, ResultJsonContext.Default.JsonEnvelope) + "\n");
        output.Flush();
    }
}
