using System.Text.RegularExpressions;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// --help per command: only the options that command honours, each default stated once, two to four
/// examples, and usage lines that show which arguments are optional ([REPO...]) and which are required.
/// </summary>
public sealed partial class HelpTests
{
    /// <summary>The root and every command its help lists, so a command added later is held to the same rules.</summary>
    public static IEnumerable<string> Commands()
    {
        using var cli = new CliHarness();
        var help = cli.RunAsync("--help").GetAwaiter().GetResult().StdOut;
        var commands = help.Split("\nCommands:\n")[1].Split("\n\n")[0].Split('\n')
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]);
        return ["", .. commands];
    }

    [Test]
    public async Task Commands_FromRootHelp_IncludeEveryCommand() =>
        await Assert.That(Commands().ToArray()).IsEquivalentTo(["", "get", "pack", "unpack", "verify", "list", "mirror", "push", "pull", "init", "lock", "sync", "sbom", "rm", "prune", "doctor", "completion", "help"]);

    [Test]
    [MethodDataSource(nameof(Commands))]
    public async Task Help_AnyCommand_EachDefaultOnceAndTwoToFourExamples(string command)
    {
        var help = await HelpAsync(command);

        foreach (var line in help.Split('\n'))
            await Assert.That(Regex.Count(line, "Default:")).IsLessThanOrEqualTo(1).Because(line);
        await Assert.That(help).DoesNotContain("[default:");
        var examples = help.Split("\nExamples:\n")[1].Split("\n\n")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(examples.Length).IsBetween(2, 4).Because(help);
        await Assert.That(examples.All(e => e.TrimStart().StartsWith("download-models", StringComparison.Ordinal) || e.Contains("download-models", StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    [Arguments("list", "--token|--jobs|--connections|--endpoint|--offline|--retries|--progress|--verbose|--dry-run|--whisper-model")]
    [Arguments("unpack", "--token|--jobs|--connections|--endpoint|--offline|--retries|--whisper-model|--include")]
    [Arguments("pack", "--dry-run")]
    [Arguments("get", "--whisper-model|--only|--level")]
    [Arguments("", "--revision|--include|--repair|--level|--files")]
    [Arguments("rm", "--token|--jobs|--endpoint|--offline|--progress")]
    [Arguments("prune", "--token|--jobs|--endpoint|--offline|--progress")]
    [Arguments("sbom", "--token|--jobs|--cache-dir|--offline|--json|--progress")]
    [Arguments("init", "--token|--jobs|--cache-dir|--offline|--json")]
    [Arguments("lock", "--jobs|--connections|--progress|--local-dir")]
    [Arguments("doctor", "--jobs|--connections|--retries|--progress|--verbose|--dry-run|--transport")]
    public async Task Help_Command_LeavesOutOptionsItDoesNotHonour(string command, string absent)
    {
        var help = await HelpAsync(command);

        foreach (var option in absent.Split('|'))
            await Assert.That(OptionLines(help)).DoesNotContain(option).Because(help);
    }

    [Test]
    [Arguments("list", "--cache-dir|--files|--json|--format|--quiet|--help")]
    [Arguments("unpack", "--cache-dir|--dry-run|--no-space-check|--json|--progress|--quiet")]
    [Arguments("verify", "--repair|--only|--whisper-model|--revision|--offline|--token|--jobs|--json|--dry-run")]
    [Arguments("get", "--include|--exclude|--revision|--repo-type|--jobs|--token|--format|--json|--progress|--verbose|--dry-run")]
    [Arguments("", "--whisper-model|--only|--cache-dir|--dry-run|--jobs|--json|--progress|--verbose|--quiet|--version|--local-dir|--force-download")]
    [Arguments("sync", "--manifest|--locked|--frozen|--local-dir|--force-download|--cache-dir|--dry-run|--jobs|--json|--quiet")]
    [Arguments("lock", "--manifest|--upgrade|--cache-dir|--token|--endpoint|--offline|--quiet|--json")]
    [Arguments("rm", "--repo-type|--cache-dir|--dry-run|--quiet|--json")]
    [Arguments("prune", "--cache-dir|--dry-run|--quiet|--json")]
    [Arguments("mirror", "--lock|--include|--cache-dir|--json")]
    [Arguments("pack", "--lock|--include|--level|--json")]
    [Arguments("doctor", "--repo|--timeout|--token|--endpoint|--offline|--cache-dir|--json|--quiet")]
    public async Task Help_Command_ListsTheOptionsItHonours(string command, string present)
    {
        var help = await HelpAsync(command);

        foreach (var option in present.Split('|'))
            await Assert.That(OptionLines(help)).Contains(option).Because(help);
    }

    [Test]
    public async Task Help_Root_UsageLinesShowWhichArgumentsAreOptional()
    {
        var help = await HelpAsync("");

        await Assert.That(help).Contains("  get REPO... [options]");
        await Assert.That(help).Contains("  pack BUNDLE [REPO...] [options]");
        await Assert.That(help).Contains("  unpack BUNDLE [options]");
        await Assert.That(help).Contains("  verify [REPO...] [options]");
        await Assert.That(help).Contains("  mirror DIR [REPO...] [options]");
        await Assert.That(help).Contains("  list [options]");
        await Assert.That(help).Contains("  rm REPO... [options]");
        await Assert.That(help).Contains("  prune [options]");
        await Assert.That(help).Contains("  sync [options]");
    }

    [Test]
    public async Task Help_Verify_OnlySaysWhatItSelects()
    {
        var help = await HelpAsync("verify");

        var only = help.Split('\n').Single(l => l.TrimStart().StartsWith("--only", StringComparison.Ordinal));
        await Assert.That(only).DoesNotContain("Download");
    }

    [Test]
    public async Task Help_Revision_DefaultStatedOnce()
    {
        var help = await HelpAsync("get");

        var revision = string.Join(" ", help.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("--revision", StringComparison.Ordinal)).Take(2));
        await Assert.That(Regex.Count(revision, "main")).IsEqualTo(1).Because(revision);
    }

    private static async Task<string> HelpAsync(string command)
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync(command.Length == 0 ? ["--help"] : [command, "--help"]);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).IsEmpty();
        return result.StdOut;
    }

    /// <summary>The option names the help lists (the first column of its Options section).</summary>
    private static string[] OptionLines(string help) =>
        [.. help.Split("\nOptions:\n")[1].Split("\n\n")[0].Split('\n')
            .Where(l => l.StartsWith("  -", StringComparison.Ordinal))
            .SelectMany(l => OptionName().Matches(l.Trim().Split("  ")[0]).Select(m => m.Value))];

    [GeneratedRegex(@"--?[a-z][a-z-]*")]
    private static partial Regex OptionName();
}
