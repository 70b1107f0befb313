using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Engine;

namespace DownloadModels.Commands;

/// <summary>
/// Builds the command line and runs it. Commands stay thin: they turn flags into model requests and
/// hand them to <see cref="DownloadRunner"/>; everything that can go wrong ends in a documented exit code.
/// </summary>
internal sealed class App(AppEnvironment env)
{
    private readonly CommonOptions _common = new();
    private readonly DropInSelection _dropIn = new();
    private readonly GetCommand _get = new();

    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var root = Build(ct);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !HelpText.IsHelp(parse))
        {
            env.Error.WriteLine($"download-models: {parse.Errors[0].Message} Run 'download-models --help' for usage.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration
        {
            Output = env.Out,
            Error = env.Error,
            // Signals are ours (see SignalHandler): partial files must be kept and 130/143 returned.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        return await parse.InvokeAsync(config, ct);
    }

    private RootCommand Build(CancellationToken ct)
    {
        var root = new RootCommand(HelpText.Description);
        foreach (var option in _common.All)
            root.Options.Add(option);
        _dropIn.AddTo(root);
        root.Subcommands.Add(_get.Command);
        // Further subcommands register here, one line each: root.Subcommands.Add(new XCommand(env, _common, ct).Command);
        root.Subcommands.Add(new PackCommand(env, _common, ct).Command);
        root.Subcommands.Add(new UnpackCommand(env, _common, ct).Command);
        root.Subcommands.Add(new VerifyCommand(env, _common, ct).Command);
        root.Subcommands.Add(new ListCommand(env, _common, ct).Command);
        root.Subcommands.Add(new MirrorCommand(env, _common, ct).Command);
        root.SetAction((parse, _) => RunGuardedAsync(parse, () => _dropIn.Requests(parse, env), ct));
        _get.Command.SetAction((parse, _) => RunGuardedAsync(parse, () => _get.Selection.Requests(parse), ct));
        HelpText.AddEpilog(root);
        return root;
    }

    private Task<int> RunGuardedAsync(ParseResult parse, Func<IReadOnlyList<ModelRequest>> requests, CancellationToken ct) =>
        CommandGuard.RunAsync(env, ct, () => new DownloadRunner(RunSettings.Parse(parse, _common, env), env).RunAsync(requests(), ct));
}
