using DownloadModels.Commands;
using DownloadModels.Contract;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// Runs the whole command line in-process against a fake hub: its own temp home, environment and
/// writers, so tests run in parallel without touching the machine's cache or variables.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public CliHarness(string? endpoint = null)
    {
        Root = Directory.CreateTempSubdirectory("dm-cli-").FullName;
        Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
        HfHome = Path.Combine(Root, "hf");
        _env["HF_HOME"] = HfHome;
        _env[RunSettings.RetryDelayVariable] = "10";
        if (endpoint is not null)
            _env["HF_ENDPOINT"] = endpoint;
    }

    public string Root { get; }
    public string Home { get; }
    public string WorkingDirectory { get; }
    public string HfHome { get; }
    public string HubCache => Path.Combine(HfHome, "hub");

    /// <summary>The person at the terminal answering a question (null: no terminal, as in CI).</summary>
    public Func<string, bool>? Confirm { get; set; }

    public CliHarness Env(string name, string? value)
    {
        if (value is null)
            _env.Remove(name);
        else
            _env[name] = value;
        return this;
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public async Task<ProcessResult> RunAsync(string[] args, CancellationToken ct)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new AppEnvironment(name => _env.GetValueOrDefault(name), WorkingDirectory, Home,
            TextWriter.Synchronized(output), TextWriter.Synchronized(error), ProgressIsTerminal: false, TerminalWidth: 100, Confirm: Confirm);
        int code;
        try
        {
            code = await new App(env).RunAsync(args, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            code = ExitCodes.Interrupted;
        }

        return new ProcessResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Every file and link under the hub cache, relative, with link targets: the layout as a string.</summary>
    public string[] Layout() =>
        Directory.Exists(HubCache)
            ? Directory.EnumerateFileSystemEntries(HubCache, "*", SearchOption.AllDirectories)
                .Select(p => (Path: Path.GetRelativePath(HubCache, p), Info: new FileInfo(p)))
                .Where(e => e.Info.LinkTarget is not null || !Directory.Exists(e.Info.FullName))
                .Select(e => e.Info.LinkTarget is { } target ? $"{e.Path} -> {target}" : e.Path)
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed mid-run may leave a locked file; the temp folder is cleaned by the OS.
        }
    }
}
