using System.CommandLine;
using System.Text;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// `man` (hidden): download-models(1) in roff, made from the same help every command prints — the root's
/// (with the environment, output and exit codes) and then each command's — so the page never drifts from
/// --help. The release archive ships it (build.cake, Release: download-models.1).
/// </summary>
internal static class ManPage
{
    private const int Width = 80;

    public static Command Create(RootCommand root, AppEnvironment env)
    {
        var command = new Command("man", "Print the manual page (roff) made from the help: download-models man > download-models.1") { Hidden = true };
        command.SetAction(_ =>
        {
            env.Out.Write(Render(root));
            env.Out.Flush();
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Render(RootCommand root)
    {
        var page = new StringBuilder();
        page.Append($".TH DOWNLOAD-MODELS 1 \"\" \"download-models {AppInfo.Version}\" \"User Commands\"\n");
        page.Append(".SH NAME\ndownload-models \\- download Hugging Face models into the standard cache: verified, resumable, parallel\n");
        page.Append(".SH SYNOPSIS\n.B download-models\n[options]\n.br\n.B download-models\nCOMMAND ... [options]\n");
        page.Append(".SH DESCRIPTION\n");
        Preformatted(page, Help(root, root) + "\n" + HelpText.Epilog);
        page.Append(".SH COMMANDS\n");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            page.Append($".SS {command.Name}\n");
            Preformatted(page, Help(command, root));
        }

        page.Append(".SH SEE ALSO\n.BR hf (1)\n");
        return page.ToString();
    }

    private static string Help(Command command, RootCommand root)
    {
        var text = new StringWriter();
        HelpRenderer.Write(text, command, root, Width);
        return text.ToString();
    }

    /// <summary>The help as it prints, kept line for line (.nf), with roff's special characters escaped.</summary>
    private static void Preformatted(StringBuilder page, string text)
    {
        page.Append(".nf\n");
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            var escaped = Escape(line);
            // A line starting with '.' or '\'' would be read as a request.
            page.Append(escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped).Append('\n');
        }

        page.Append(".fi\n");
    }

    /// <summary>Backslashes as \e; anything beyond ASCII as \[uXXXX], which every troff reads whatever its input encoding.</summary>
    private static string Escape(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (var rune in line.EnumerateRunes())
        {
            if (rune.Value == '\\')
                text.Append("\\e");
            else if (rune.Value < 128)
                text.Append((char)rune.Value);
            else
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\[u{rune.Value:X4}]");
        }

        return text.ToString();
    }
}
