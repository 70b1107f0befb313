using System.CommandLine;
using System.Text;

namespace DownloadModels.Commands;

/// <summary>
/// Draws one command's help: usage lines that show which arguments are optional (<c>[REPO...]</c>) or
/// required (<c>REPO...</c>), the description, the commands (root), the arguments, exactly the options that
/// command takes with each default once, and its examples. Descriptions wrap at the terminal's width.
/// </summary>
internal static class HelpRenderer
{
    private const string Tool = "download-models";
    private const int MaxWidth = 100;

    public static void Write(TextWriter output, Command command, RootCommand root, int terminalWidth)
    {
        var width = Math.Clamp(terminalWidth <= 0 ? MaxWidth : terminalWidth - 1, 40, MaxWidth);
        var text = new StringBuilder();
        var (summary, examples) = Split(command.Description ?? "");
        text.Append("Usage: ").Append(Usage(command, root)).Append('\n');
        if (command == root)
            text.Append("       ").Append(Tool).Append(" COMMAND ... [options]   (download-models COMMAND --help for each)\n");
        text.Append('\n');
        foreach (var paragraph in summary.TrimEnd().Split('\n'))
            text.AppendJoin('\n', Wrap(paragraph, width)).Append('\n');

        if (command.Subcommands.Count > 0)
            Section(text, "Commands", command.Subcommands.Where(c => !c.Hidden).Select(c => (Usage(c, root)[(Tool.Length + 1)..], FirstSentence(Split(c.Description ?? "").Summary))), width);
        if (command.Arguments.Count > 0)
            Section(text, "Arguments", command.Arguments.Where(a => !a.Hidden).Select(a => (ArgumentName(a), a.Description ?? "")), width);
        Section(text, "Options", Options(command, root).Select(o => (OptionName(o), OptionDescription(o))), width);
        if (examples.Length > 0)
        {
            text.Append("\nExamples:\n");
            foreach (var example in examples.Split('\n'))
                text.Append("  ").Append(example).Append('\n');
        }

        output.Write(text.ToString());
    }

    /// <summary><c>download-models pack BUNDLE [REPO...] [options]</c>: required arguments bare, optional ones in brackets.</summary>
    public static string Usage(Command command, RootCommand root)
    {
        var words = new List<string> { Tool };
        if (command != root)
            words.Add(command.Name);
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var name = ArgumentName(argument) + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : "");
            words.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name);
        }

        words.Add("[options]");
        return string.Join(' ', words);
    }

    /// <summary>The command's own options, then help (and, on the root, the version).</summary>
    private static IEnumerable<Option> Options(Command command, RootCommand root)
    {
        var builtIn = root.Options.Where(o => o is System.CommandLine.Help.HelpOption or VersionOption).ToArray();
        var own = command.Options.Where(o => !o.Hidden && !builtIn.Contains(o));
        return own.Concat(builtIn.Where(o => !o.Hidden && (command == root || o.Recursive)));
    }

    private static string ArgumentName(Argument argument) => argument.HelpName ?? argument.Name;

    private static string OptionName(Option option)
    {
        // Only the Unix spellings: "-?", "/h" and "/?" work too, but need no advertising.
        var names = option.Aliases.Append(option.Name).Distinct(StringComparer.Ordinal).Where(n => !n.StartsWith('/') && n != "-?")
            .OrderBy(n => n.StartsWith("--", StringComparison.Ordinal) ? 1 : 0).ThenBy(n => n.Length);
        var takesValue = option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
        return string.Join(", ", names) + (takesValue ? " " + (option.HelpName ?? "VALUE") : "");
    }

    /// <summary>The description, then the default unless the description already names one.</summary>
    private static string OptionDescription(Option option)
    {
        var description = (option.Description ?? "").TrimEnd();
        if (description.Contains("Default:", StringComparison.Ordinal) || option.ValueType == typeof(bool) || !option.HasDefaultValue)
            return description;
        var value = option.GetDefaultValue();
        return value is null or string { Length: 0 } ? description : $"{description} Default: {value}.";
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    private static (string Summary, string Examples) Split(string description)
    {
        var at = description.IndexOf(HelpText.ExamplesMarker, StringComparison.Ordinal);
        return at < 0 ? (description, "") : (description[..at], description[(at + HelpText.ExamplesMarker.Length)..]);
    }

    /// <summary>A titled two-column list; the second column wraps within <paramref name="width"/>.</summary>
    private static void Section(StringBuilder text, string title, IEnumerable<(string Name, string Text)> rows, int width)
    {
        var list = rows.ToArray();
        if (list.Length == 0)
            return;
        text.Append('\n').Append(title).Append(":\n");
        var nameWidth = Math.Min(list.Max(r => r.Name.Length), 32);
        var textWidth = Math.Max(20, width - nameWidth - 4);
        foreach (var (name, description) in list)
        {
            var lines = Wrap(description.Replace('\n', ' '), textWidth);
            var first = lines.Count > 0 ? lines[0] : "";
            if (name.Length > nameWidth)
            {
                text.Append("  ").Append(name).Append('\n');
                text.Append(new string(' ', nameWidth + 4)).Append(first).Append('\n');
            }
            else
            {
                text.Append("  ").Append(name.PadRight(nameWidth)).Append("  ").Append(first).Append('\n');
            }

            foreach (var line in lines.Skip(1))
                text.Append(new string(' ', nameWidth + 4)).Append(line).Append('\n');
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
                line.Append(' ');
            line.Append(word);
        }

        if (line.Length > 0)
            lines.Add(line.ToString());
        return lines;
    }
}
