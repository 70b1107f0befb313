using System.CommandLine;
using System.CommandLine.Parsing;

namespace DownloadModels.Commands;

/// <summary>
/// One line for a command line that does not parse, in our words: an unknown flag or command with the one
/// probably meant ("did you mean …?", the same word in another case first), a flag that belongs to another
/// command, a missing argument with the usage line, a value given twice. Our own validators' messages pass
/// through as they are; System.CommandLine's own wording (which names .NET types) never reaches the user.
/// </summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parse, RootCommand root, IReadOnlyList<string> args)
    {
        var command = parse.CommandResult.Command;
        var hint = $" Run '{Name(command, root)} --help' for usage.";
        if (SwitchGivenAValue(args, command, root) is { } switchError)
            return switchError + hint;
        // A command that takes arguments (REPO...) receives an unknown flag as one of them: it is still a flag.
        var flagAsArgument = command.Arguments.SelectMany(a => parse.GetResult(a)?.Tokens ?? []).FirstOrDefault(t => t.Value.Length > 1 && t.Value.StartsWith('-'));
        var dashDash = args.ToList().IndexOf("--");
        if (flagAsArgument is not null && dashDash >= 0 && args.Skip(dashDash + 1).Contains(flagAsArgument.Value, StringComparer.Ordinal))
        {
            var argument = command.Arguments.First(a => parse.GetResult(a)?.Tokens.Contains(flagAsArgument) == true);
            return $"'{flagAsArgument.Value}' comes after --, so it is read as {ArgumentName(argument)}, not as an option, and it is not one: put options before --." + hint;
        }

        if (flagAsArgument is not null)
            return Unmatched(flagAsArgument.Value, command, root) + hint;
        if (parse.UnmatchedTokens.Count > 0)
            return Unmatched(parse.UnmatchedTokens[0], command, root) + hint;

        foreach (var argument in command.Arguments)
        {
            var given = parse.GetResult(argument)?.Tokens.Count ?? 0;
            if (given < argument.Arity.MinimumNumberOfValues)
                return $"{Name(command, root)} needs {ArgumentName(argument)}: {HelpRenderer.Usage(command, root)}." + hint;
        }

        foreach (var result in parse.CommandResult.Children.OfType<OptionResult>())
        {
            var option = result.Option;
            if (result.Tokens.Count == 0 && !result.Implicit && option.Arity.MinimumNumberOfValues > 0)
                return $"{option.Name} needs a value: {option.Name} {option.HelpName ?? "VALUE"}." + hint;
            if (result.Tokens.Count > option.Arity.MaximumNumberOfValues)
                return $"{option.Name} was given {result.Tokens.Count} times; give it once." + hint;
        }

        // What is left comes from our validators, whose messages are written for people already.
        return (parse.Errors.Count > 0 ? parse.Errors[0].Message : "the command line could not be read.") + hint;
    }

    /// <summary>
    /// An unknown flag a command took as its argument although the parse found nothing wrong (pack --bogus: a bundle
    /// named "--bogus"; mirror --bogus: a folder): a mistake, not a name. After "--" such a word is an argument.
    /// </summary>
    public static bool FlagTakenAsArgument(ParseResult parse, IReadOnlyList<string> args)
    {
        var dashDash = args.ToList().IndexOf("--");
        var options = dashDash < 0 ? args : args.Take(dashDash).ToList();
        return parse.CommandResult.Command.Arguments.SelectMany(a => parse.GetResult(a)?.Tokens ?? [])
            .Any(t => t.Value.Length > 1 && t.Value.StartsWith('-') && options.Contains(t.Value, StringComparer.Ordinal));
    }

    /// <summary>The end of every line <see cref="Describe"/> makes: where the usage is (the JSON error's <c>hint</c>).</summary>
    public static string Hint(ParseResult parse, RootCommand root) => $"Run '{Name(parse.CommandResult.Command, root)} --help' for usage.";

    /// <summary>"--dry-run=maybe": a switch given a value it cannot take (true and false are all it knows).</summary>
    private static string? SwitchGivenAValue(IReadOnlyList<string> args, Command command, RootCommand root)
    {
        var switches = command.Options.Concat(root.Options.Where(o => o.Recursive)).Where(o => o.ValueType == typeof(bool)).SelectMany(Names).ToHashSet(StringComparer.Ordinal);
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length == 2 && switches.Contains(parts[0]) && !bool.TryParse(parts[1], out _))
                return $"{parts[0]} is a switch and takes no value: give {parts[0]} alone, not {arg}.";
        }

        return null;
    }

    private static string Unmatched(string token, Command command, RootCommand root)
    {
        var name = Name(command, root);
        if (token.StartsWith('-') && token.Length > 1)
        {
            var flag = token.Split('=', 2)[0];
            var own = command.Options.Concat(root.Options.Where(o => o.Recursive)).SelectMany(Names).ToArray();
            if (Suggestions.Closest(flag, own) is { } meant)
                return $"unknown option '{flag}' for {name}: did you mean {meant}?";
            var elsewhere = AllCommands(root).Where(c => c != command && c.Options.SelectMany(Names).Contains(flag, StringComparer.Ordinal))
                .Select(c => c == root ? "the drop-in" : c.Name).ToArray();
            return elsewhere.Length > 0
                ? $"{name} does not take {flag} (only {Join(elsewhere)} {(elsewhere.Length == 1 ? "does" : "do")})."
                : $"unknown option '{flag}' for {name}.";
        }

        if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
        {
            var meant = Suggestions.Closest(token, command.Subcommands.Select(c => c.Name));
            return meant is null
                ? $"unknown command '{token}': use one of {string.Join(", ", command.Subcommands.Select(c => c.Name))}."
                : $"unknown command '{token}': did you mean {meant}?";
        }

        return command.Arguments.Count == 0
            ? $"{name} takes no arguments, but was given '{token}'."
            : $"unexpected argument '{token}' for {name}: {HelpRenderer.Usage(command, root)}.";
    }

    private static string Join(string[] words) =>
        words.Length == 1 ? words[0] : string.Join(", ", words[..^1]) + " and " + words[^1];

    private static IEnumerable<string> Names(Option option) => option.Aliases.Append(option.Name);

    private static IEnumerable<Command> AllCommands(Command command) =>
        command.Subcommands.SelectMany(AllCommands).Prepend(command);

    private static string Name(Command command, RootCommand root) =>
        command == root ? "download-models" : $"download-models {command.Name}";

    private static string ArgumentName(Argument argument) =>
        (argument.HelpName ?? argument.Name) + (argument.Arity.MinimumNumberOfValues > 1 || argument.Arity.MaximumNumberOfValues > 1 ? " (at least one)" : "");
}
