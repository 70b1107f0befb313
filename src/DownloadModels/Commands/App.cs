using System.CommandLine;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// Builds the command line and runs it. Commands stay thin: options and their validators, then a
/// <see cref="RunContext"/> and a call into the core, then a report; everything that can go wrong ends in a
/// documented exit code.
/// </summary>
internal sealed class App(AppEnvironment env)
{
    private readonly CommonOptions _common = new();
    private readonly DropInSelection _dropIn = new();
    private readonly DestinationOptions _destination = new();

    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var root = Build();
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
        // Every action gets this token from System.CommandLine, and passes it all the way down.
        return await parse.InvokeAsync(config, ct);
    }

    private RootCommand Build()
    {
        var root = new RootCommand(HelpText.Description);
        foreach (var option in _common.All)
            root.Options.Add(option);
        _dropIn.AddTo(root);
        _destination.AddTo(root, _common);
        // One line per command; each builds its own options and hands its work to the core.
        root.Subcommands.Add(new GetCommand(env, _common).Command);
        root.Subcommands.Add(new PackCommand(env, _common).Command);
        root.Subcommands.Add(new UnpackCommand(env, _common).Command);
        root.Subcommands.Add(new VerifyCommand(env, _common).Command);
        root.Subcommands.Add(new ListCommand(env, _common).Command);
        root.Subcommands.Add(new MirrorCommand(env, _common).Command);
        root.Subcommands.Add(new InitCommand(env, _common).Command);
        root.Subcommands.Add(new LockCommand(env, _common).Command);
        root.Subcommands.Add(new SyncCommand(env, _common).Command);
        root.Subcommands.Add(new SbomCommand(env, _common).Command);
        root.Subcommands.Add(new RmCommand(env, _common).Command);
        root.Subcommands.Add(new PruneCommand(env, _common).Command);
        root.SetAction((parse, ct) => CommandGuard.RunAsync(env, ct, async () =>
        {
            using var context = RunContext.Create(parse, _common, env, _destination);
            return await DownloadRun.RunAsync(context, _dropIn.Requests(parse, env), ct);
        }));
        HelpText.AddEpilog(root);
        return root;
    }
}
