using System.Text.Json.Nodes;

namespace DownloadModels.Tests.Interop;

/// <summary>Reading hf_calls.py's results: one call's value, or its exception written down as a problem.</summary>
internal static class InteropCalls
{
    public static JsonNode? Value(OracleResult run, int index, List<string> problems)
    {
        var call = run.ExitCode == 0 ? run.Result.AsArray()[index] : null;
        if (call?["ok"]?.GetValue<bool>() == true)
            return call["value"];
        problems.Add(call is null ? $"{run.Script} failed:\n{run.StdErr}" : $"call {index} raised {call["error"]}: {call["message"]}\n{OracleResult.Trim(call["traceback"]?.GetValue<string>())}");
        return null;
    }
}
