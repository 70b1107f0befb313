using System.CommandLine;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// `completion bash|zsh|fish`: a script for the shell that asks the binary itself for the completions
/// (System.CommandLine's <c>[suggest:POSITION] "LINE"</c> directive), so they always match this version.
/// </summary>
internal sealed class CompletionCommand
{
    private readonly Argument<string> _shell = new("SHELL")
    {
        Description = "bash, zsh or fish.",
    };

    public CompletionCommand(AppEnvironment env)
    {
        _shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        Command.Arguments.Add(_shell);
        Command.SetAction(parse =>
        {
            env.Out.Write(Script(parse.GetValue(_shell)!));
            env.Out.Flush();
            return ExitCodes.Success;
        });
    }

    public Command Command { get; } = new("completion", HelpText.Describe(
        "Print the shell completion script for bash, zsh or fish.",
        "source <(download-models completion bash)                 # this shell; add it to ~/.bashrc to keep it",
        "download-models completion zsh > \"${fpath[1]}/_download-models\"",
        "download-models completion fish > ~/.config/fish/completions/download-models.fish"));

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # bash completion for download-models (download-models completion bash)
            _download_models() {
                local IFS=$'\n'
                local words
                words=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
                COMPREPLY=($(compgen -W "${words}" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _download_models download-models

            """,
        "zsh" => """
            #compdef download-models
            # zsh completion for download-models (download-models completion zsh)
            _download_models() {
                local -a suggestions
                suggestions=("${(@f)$(${words[1]} "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
                compadd -a suggestions
            }
            compdef _download_models download-models

            """,
        _ => """
            # fish completion for download-models (download-models completion fish)
            complete -c download-models -a '(download-models "[suggest:"(string length -- (commandline -cp))"]" (commandline -p) 2>/dev/null)'

            """,
    };
}
