using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// Runs an interop script under huggingface_hub with a controlled environment: nothing inherited but PATH
/// (no HF_* variable of the machine leaks in), HOME in the test's temp folder, the cache and endpoint the test
/// names, Xet off (a plain HTTP client, like us), no progress bars, no telemetry, no update check.
/// </summary>
internal sealed class PythonRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private readonly string _home;
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    /// <param name="home">A private temp folder: HOME, and where arguments and results are exchanged.</param>
    public PythonRun(string home)
    {
        _home = home;
        _env["HOME"] = home;
        _env["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        _env["LANG"] = "C.UTF-8";
        // Compiled modules go to one folder under the temp dir, never beside the shared oracle's sources; reusing
        // them halves each start-up (importing the `hf` command line compiles ~2 s of modules otherwise).
        _env["PYTHONPYCACHEPREFIX"] = Path.Combine(Path.GetTempPath(), "download-models-pycache");
        _env["PYTHONIOENCODING"] = "utf-8";
        _env["NO_COLOR"] = "1";
        _env["HF_HUB_DISABLE_TELEMETRY"] = "1";
        _env["HF_HUB_DISABLE_XET"] = "1"; // a pip install brings hf_xet: keep the plain HTTP path the fake hub serves
        _env["HF_HUB_DISABLE_UPDATE_CHECK"] = "1";
        _env["HF_HUB_DISABLE_PROGRESS_BARS"] = "1";
        _env["HF_HUB_ETAG_TIMEOUT"] = "30"; // a loaded CI machine must not turn a slow HEAD into "offline"
    }

    /// <summary>The hub cache (HF_HUB_CACHE), e.g. <c>{HF_HOME}/hub</c>.</summary>
    public PythonRun Cache(string hubCache) => Env("HF_HUB_CACHE", hubCache);

    public PythonRun Endpoint(string url) => Env("HF_ENDPOINT", url);

    /// <summary>HF_HUB_OFFLINE=1: huggingface_hub refuses every request (keep an endpoint set to catch one that slips).</summary>
    public PythonRun Offline() => Env("HF_HUB_OFFLINE", "1");

    public PythonRun Env(string name, string value)
    {
        _env[name] = value;
        return this;
    }

    /// <summary>Runs <c>Interop/Python/{script}</c> with <paramref name="args"/> as its JSON arguments.</summary>
    public async Task<OracleResult> ScriptAsync(string script, JsonNode args)
    {
        var exchange = Directory.CreateTempSubdirectory("dm-py-").FullName;
        try
        {
            var argsPath = Path.Combine(exchange, "args.json");
            var resultPath = Path.Combine(exchange, "result.json");
            await File.WriteAllTextAsync(argsPath, args.ToJsonString());
            var (code, stdout, stderr) = await StartAsync([Path.Combine(PythonOracle.ScriptsFolder, script), argsPath, resultPath]);
            var output = File.Exists(resultPath) ? JsonNode.Parse(await File.ReadAllTextAsync(resultPath))?.AsObject() : null;
            return new OracleResult(script, code, stdout, stderr, output);
        }
        finally
        {
            Directory.Delete(exchange, recursive: true);
        }
    }

    /// <summary>Shortcut for hf_calls.py: the calls' results in order.</summary>
    public Task<OracleResult> CallsAsync(params JsonObject[] calls) =>
        ScriptAsync("hf_calls.py", new JsonObject { ["calls"] = new JsonArray([.. calls]) });

    private async Task<(int Code, string StdOut, string StdErr)> StartAsync(IEnumerable<string> args)
    {
        var executable = PythonOracle.Executable();
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _home,
        };
        psi.Environment.Clear();
        foreach (var (name, value) in _env)
            psi.Environment[name] = value;
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', args)} did not finish in {Timeout}: {await stdout}{await stderr}");
        }

        var error = await stderr;
        if (process.ExitCode == 127 && error.Contains("not found", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{executable} could not start python ({error.Trim()}): install the Debian packages listed at the top of hf-python "
                + $"(CI: APT_PACKAGES in .ci/run), or set {PythonOracle.OverrideVariable} to a python with huggingface_hub.");
        }

        return (process.ExitCode, await stdout, error);
    }
}
