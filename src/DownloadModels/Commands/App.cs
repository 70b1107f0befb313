using System.CommandLine;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// Builds the command line and runs it. Commands stay thin: options and their validators, then a
/// <see cref="RunContext"/> and a call into the core, then a report; everything that can go wrong ends in a
/// documented exit code. A command line that does not parse is one line in our words (<see cref="ParseErrors"/>).
/// </summary>
internal sealed class App(AppEnvironment env)
{
    private readonly CommonOptions _common = new();
    private readonly DropInSelection _dropIn = new();
    private readonly DestinationOptions _destination = new();

    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var root = Build();
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if ((parse.Errors.Count > 0 || ParseErrors.FlagTakenAsArgument(parse, args)) && !HelpText.IsHelp(parse))
        {
            var message = ParseErrors.Describe(parse, root, args);
            env.Error.WriteLine($"download-models: {message}");
            var code = CommandGuard.UsageExit(parse);
            if (OutputOptions.AsksForJson(args))
            {
                // The JSON error: the same line, its "Run '… --help' for usage." apart as the hint.
                var hint = ParseErrors.Hint(parse, root);
                var bare = message.EndsWith(" " + hint, StringComparison.Ordinal) ? message[..^(hint.Length + 1)] : message;
                CommandGuard.WriteFailure(env, RunContext.CommandName(parse), CommandGuard.Error(ErrorKind.Usage, bare, hint), code);
            }
            return code;
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
        try
        {
            return await parse.InvokeAsync(config, ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return CommandGuard.Unexpected(env.Error, e);
        }
    }

    private RootCommand Build()
    {
        var root = new RootCommand(HelpText.Describe(HelpText.Description, HelpText.RootExamples));
        _dropIn.AddTo(root);
        _common.AddDownload(root);
        _destination.AddTo(root, _common);
        // One line per command; each builds its own options and hands its work to the core.
        root.Subcommands.Add(new GetCommand(env, _common).Command);
        root.Subcommands.Add(new PackCommand(env, _common).Command);
        root.Subcommands.Add(new UnpackCommand(env, _common).Command);
        root.Subcommands.Add(new VerifyCommand(env, _common).Command);
        root.Subcommands.Add(new ListCommand(env, _common).Command);
        root.Subcommands.Add(new MirrorCommand(env, _common).Command);
        root.Subcommands.Add(new PushCommand(env, _common).Command);
        root.Subcommands.Add(new PullCommand(env, _common).Command);
        root.Subcommands.Add(new InitCommand(env, _common).Command);
        root.Subcommands.Add(new LockCommand(env, _common).Command);
        root.Subcommands.Add(new SyncCommand(env, _common).Command);
        root.Subcommands.Add(new SbomCommand(env, _common).Command);
        root.Subcommands.Add(new RmCommand(env, _common).Command);
        root.Subcommands.Add(new PruneCommand(env, _common).Command);
        root.Subcommands.Add(new DoctorCommand(env, _common).Command);
        root.Subcommands.Add(new CompletionCommand(env).Command);
        root.Subcommands.Add(HelpCommand.Create(root, env, () => env.Terminal().Width));
        root.Subcommands.Add(ManPage.Create(root, env));
        root.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            using var context = RunContext.Create(parse, _common, env, _destination);
            return await DownloadRun.RunAsync(context, _dropIn.Requests(parse, env), ct, TextResult.Summary);
        }));
        HelpText.Install(root, () => env.Terminal().Width);
        return root;
    }
}
