using System.CommandLine;

namespace DownloadModels.Commands;

/// <summary>
/// The output options every command can take in one line (<see cref="AddTo"/>): <c>--format text|json</c>
/// (also <c>--json</c>, as hf spells it), <c>--progress auto|live|plain|none</c>, <c>--verbose</c>, <c>--quiet</c>.
/// </summary>
internal sealed class OutputOptions
{
    private static readonly string[] Formats = ["text", "json"];
    private static readonly string[] ProgressModes = ["auto", "live", "plain", "none"];

    public Option<string> Format { get; } = new Option<string>("--format")
    {
        Description = "text for people, or json: one document on stdout for programs (docs/json.md; schema: docs/schema/download-models.schema.json).",
        HelpName = "text|json",
        DefaultValueFactory = _ => "text",
    }.OneOf(Formats);

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Same as --format json.",
    };

    public Option<string> Progress { get; } = new Option<string>("--progress")
    {
        Description = "auto: a live view when stderr is a terminal, plain lines otherwise; live, plain, or none.",
        HelpName = "auto|live|plain|none",
        DefaultValueFactory = _ => "auto",
    }.OneOf(ProgressModes);

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Also print a line for every file as it finishes.",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only errors, and the results a script reads (get's snapshot paths, the JSON document).",
    };

    /// <summary>Adds the output options to <paramref name="command"/>; <paramref name="progress"/>: it shows progress (--progress, --verbose).</summary>
    public void AddTo(Command command, bool progress = true)
    {
        command.Options.Add(Format);
        command.Options.Add(Json);
        if (progress)
        {
            command.Options.Add(Progress);
            command.Options.Add(Verbose);
        }

        command.Options.Add(Quiet);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Json) is { Implicit: false } && result.GetValue(Json) && result.GetResult(Format) is { Implicit: false } && result.GetValue(Format) == "text")
                result.AddError("--json and --format text contradict each other: give one of them.");
        });
    }

    /// <summary>Only --quiet, for commands whose one result has no JSON form of ours (init, sbom).</summary>
    public void AddQuiet(Command command) => command.Options.Add(Quiet);

    public OutputMode Read(ParseResult parse) => new(
        parse.GetValue(Json) || parse.GetValue(Format) == "json",
        parse.GetValue(Progress) switch
        {
            "live" => ProgressMode.Live,
            "plain" => ProgressMode.Plain,
            "none" => ProgressMode.None,
            _ => ProgressMode.Auto,
        },
        parse.GetValue(Verbose),
        parse.GetValue(Quiet));

    /// <summary>
    /// Whether the command line asks for JSON, read from its words alone: a usage error found while parsing
    /// still owes a script its one document.
    /// </summary>
    public static bool AsksForJson(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--json" or "--format=json" || (args[i] == "--format" && i + 1 < args.Count && args[i + 1] == "json"))
                return true;
        }

        return false;
    }
}
