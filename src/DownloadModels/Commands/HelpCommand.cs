using System.CommandLine;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>`help [COMMAND]`: the same help as `COMMAND --help` (or `--help`), for those who type it git's way.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root, AppEnvironment env, Func<int> width)
    {
        var name = new Argument<string?>("COMMAND")
        {
            Description = "The command to explain (get, list, rm...); none: the overview.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("help", HelpText.Describe(
            "Show the help of a command (the same as COMMAND --help).",
            "download-models help rm",
            "download-models help          # the overview, as --help"));
        command.Arguments.Add(name);
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(name);
            var target = wanted is null ? root : root.Subcommands.FirstOrDefault(c => c.Name == wanted);
            if (target is null)
            {
                var meant = Suggestions.Closest(wanted!, root.Subcommands.Select(c => c.Name).ToArray());
                env.Error.WriteLine($"download-models: no command '{wanted}'{(meant is null ? "" : $": did you mean {meant}?")} Run 'download-models --help' for the list.");
                return ExitCodes.CommandUsage;
            }

            HelpRenderer.Write(env.Out, target, root, width());
            if (target == root)
                env.Out.Write("\n" + HelpText.Epilog + "\n");
            env.Out.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
