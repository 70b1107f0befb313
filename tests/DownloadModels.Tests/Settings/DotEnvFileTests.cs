using DownloadModels.Settings;

namespace DownloadModels.Tests.Settings;

public class DotEnvFileTests
{
    private static string? Value(string text, string key) =>
        DotEnvFile.Parse(text).TryGetValue(key, out var v) ? v : null;

    [Test]
    [Arguments("K=v", "v")]
    [Arguments("K = v ", "v")]
    [Arguments("export K=v", "v")]
    [Arguments("export  K=v", "v")]
    [Arguments("  K=v", "v")]
    [Arguments("K=", "")]
    [Arguments("K=a=b", "a=b")]
    [Arguments("K=~/models", "~/models")]
    [Arguments("K=/mnt/my models", "/mnt/my models")]
    public async Task Parse_UnquotedValue_Trimmed(string text, string expected) =>
        await Assert.That(Value(text, "K")).IsEqualTo(expected);

    [Test]
    [Arguments("K=v # comment", "v")]
    [Arguments("K=v\t# comment", "v")]
    [Arguments("K=v# not a comment", "v# not a comment")]
    [Arguments("K= # only a comment", "")]
    [Arguments("K=#value", "#value")]
    public async Task Parse_InlineComment_NeedsPrecedingWhitespace(string text, string expected) =>
        await Assert.That(Value(text, "K")).IsEqualTo(expected);

    [Test]
    [Arguments("K=\"a # b\"", "a # b")]
    [Arguments("K=\"a b\" # comment", "a b")]
    [Arguments("K='a b' # comment", "a b")]
    [Arguments("K='$OTHER'", "$OTHER")]
    [Arguments("K=\"a\\tb\"", "a\tb")]
    [Arguments("K=\"a\\nb\"", "a\nb")]
    [Arguments("K=\"say \\\"hi\\\"\"", "say \"hi\"")]
    [Arguments("K=\"back\\\\slash\"", "back\\slash")]
    [Arguments("K='a\\tb'", "a\\tb")]
    [Arguments("K='Let\\'s go'", "Let's go")]
    [Arguments("K=\"\"", "")]
    [Arguments("K=  \" padded \"", " padded ")]
    public async Task Parse_QuotedValue_UnquotedAndEscapesApplied(string text, string expected) =>
        await Assert.That(Value(text, "K")).IsEqualTo(expected);

    [Test]
    public async Task Parse_CommentsBlankLinesAndCrLf_Skipped()
    {
        var values = DotEnvFile.Parse("# header\r\n\r\nA=1\r\n   # indented comment\r\nB=2\r\n");
        await Assert.That(values.Count).IsEqualTo(2);
        await Assert.That(values["A"]).IsEqualTo("1");
        await Assert.That(values["B"]).IsEqualTo("2");
    }

    [Test]
    public async Task Parse_QuotedValueSpanningLines_KeptWithNewline()
    {
        var values = DotEnvFile.Parse("A='line1\nline2'\nB=after");
        await Assert.That(values["A"]).IsEqualTo("line1\nline2");
        await Assert.That(values["B"]).IsEqualTo("after");
    }

    [Test]
    public async Task Parse_MalformedLines_SkippedOthersKept()
    {
        var values = DotEnvFile.Parse("no equals sign\n=novalue\nBAD KEY=x\nC=\"unterminated\nD=ok");
        await Assert.That(values.Keys).IsEquivalentTo(["D"]);
    }

    [Test]
    public async Task Parse_RepeatedKey_LastWins() =>
        await Assert.That(Value("K=1\nK=2", "K")).IsEqualTo("2");

    [Test]
    public async Task Parse_KeysAreCaseSensitive() =>
        await Assert.That(Value("k=1", "K")).IsNull();

    [Test]
    public async Task Read_ExistingFile_Parsed()
    {
        using var dir = new TempFolder();
        string path = dir.Write(".env", "\uFEFFMODEL_CACHE_DIR=/mnt/models\n");
        await Assert.That(DotEnvFile.Read(path)["MODEL_CACHE_DIR"]).IsEqualTo("/mnt/models");
    }

    [Test]
    public async Task Read_MissingFileOrDirectory_Empty()
    {
        using var dir = new TempFolder();
        await Assert.That(DotEnvFile.Read(Path.Combine(dir.Path, ".env"))).IsEmpty();
        await Assert.That(DotEnvFile.Read(dir.Path)).IsEmpty();
    }

    private static string? Interpolated(string text, string key, params (string Name, string Value)[] environment)
    {
        var env = environment.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        return DotEnvFile.Parse(text, name => env.GetValueOrDefault(name)).TryGetValue(key, out var v) ? v : null;
    }

    [Test]
    [Arguments("K=${BASE}/models", "/srv/models")]
    [Arguments("K=$BASE/models", "/srv/models")]
    [Arguments("K=\"${BASE}/models\"", "/srv/models")]
    [Arguments("K=${BASE:-/tmp}/models", "/srv/models")]
    [Arguments("K=${UNSET:-/tmp}/models", "/tmp/models")]
    [Arguments("K=${EMPTY:-/tmp}/models", "/tmp/models")]
    [Arguments("K=${EMPTY-/tmp}/models", "/models")]
    [Arguments("K=${UNSET-/tmp}/models", "/tmp/models")]
    [Arguments("K=${UNSET}/models", "/models")]
    [Arguments("K=$UNSET", "")]
    [Arguments("K=${BASE:+set}", "set")]
    [Arguments("K=${UNSET:+set}", "")]
    [Arguments("K=${UNSET:-${BASE}}/x", "/srv/x")]
    [Arguments("K=cost $$5", "cost $5")]
    [Arguments("K=a$", "a$")]
    [Arguments("K=$1", "$1")]
    [Arguments("K='${BASE}/models'", "${BASE}/models")]
    [Arguments("K='$BASE'", "$BASE")]
    public async Task Parse_Variables_ExpandedAsComposeDoes(string text, string expected) =>
        await Assert.That(Interpolated(text, "K", ("BASE", "/srv"), ("EMPTY", ""))).IsEqualTo(expected);

    [Test]
    public async Task Parse_VariableFromEarlierLine_UsedWhenTheEnvironmentLacksIt() =>
        await Assert.That(Interpolated("ROOT=/data\nK=${ROOT}/hf", "K")).IsEqualTo("/data/hf");

    [Test]
    public async Task Parse_EnvironmentAndEarlierLine_EnvironmentWins() =>
        await Assert.That(Interpolated("ROOT=/data\nK=${ROOT}/hf", "K", ("ROOT", "/env"))).IsEqualTo("/env/hf");

    [Test]
    [Arguments("K=${UNSET:?set it}")]
    [Arguments("K=${UNSET?set it}")]
    public async Task Parse_RequiredVariableMissing_EntrySkipped(string text) =>
        await Assert.That(Interpolated(text, "K")).IsNull();

    [Test]
    public async Task Parse_RequiredVariableSet_Expanded() =>
        await Assert.That(Interpolated("K=${BASE:?set it}/m", "K", ("BASE", "/srv"))).IsEqualTo("/srv/m");
}
