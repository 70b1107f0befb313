using System.Text.Json.Nodes;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// One run of an interop script: the process's exit code and output, and the JSON the script wrote
/// (<c>result</c>, the <c>warnings</c> and WARNING+ <c>log</c> records huggingface_hub emitted, its version).
/// </summary>
internal sealed record OracleResult(string Script, int ExitCode, string StdOut, string StdErr, JsonObject? Output)
{
    public JsonNode Result => Output?["result"] ?? throw new InvalidOperationException("the script wrote no result:\n" + this);

    public IReadOnlyList<string> Warnings => Strings("warnings");

    public IReadOnlyList<string> Log => Strings("log");

    public string Version => Output?["huggingface_hub"]?.GetValue<string>() ?? "?";

    /// <summary>Nothing went wrong as Python sees it: exit 0, no warning, no WARNING+ log record, nothing on stderr.</summary>
    public bool Clean => ExitCode == 0 && Output is not null && Warnings.Count == 0 && Log.Count == 0 && StdErr.Trim().Length == 0;

    private IReadOnlyList<string> Strings(string key) =>
        Output?[key]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];

    public override string ToString() =>
        $"{Script} (huggingface_hub {Version}): exit {ExitCode}\n--- warnings\n{string.Join('\n', Warnings)}\n--- log\n{string.Join('\n', Log)}"
        + $"\n--- stderr\n{Tail(StdErr)}\n--- stdout\n{Tail(StdOut)}\n--- result\n{Tail(Output?["result"]?.ToJsonString() ?? "(none)")}";

    /// <summary>A Python traceback without the caret lines Python 3.11 adds under each call.</summary>
    public static string Trim(string? traceback) =>
        string.Join('\n', (traceback ?? "").Split('\n').Where(line => line.Trim().Trim('^', '~').Length > 0));

    private static string Tail(string text) => text.Length <= 3000 ? text : "…" + text[^3000..];
}
