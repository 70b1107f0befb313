using DownloadModels.Filtering;

namespace DownloadModels.Tests.Filtering;

public class FnMatchTests
{
    [Test]
    [Arguments("*.json", "config.json", true)]
    [Arguments("*.json", "a/b.json", true)]
    [Arguments("*.json", "config.json.bak", false)]
    [Arguments("*", "", true)]
    [Arguments("*", "a/b/c", true)]
    [Arguments("", "", true)]
    [Arguments("", "a", false)]
    [Arguments("a*", "", false)]
    [Arguments("voices/*.pt", "voices/af_heart.pt", true)]
    [Arguments("voices/*.pt", "voices/sub/x.pt", true)]
    [Arguments("voices/*.pt", "other/voices/x.pt", false)]
    [Arguments("voices/*.pt", "voices/x.pth", false)]
    [Arguments("vocabulary.*", "vocabulary.txt", true)]
    [Arguments("vocabulary.*", "vocabulary.json", true)]
    [Arguments("vocabulary.*", "vocabulary", false)]
    [Arguments("*a*b*c*", "xxaxxbxxcxx", true)]
    [Arguments("*a*b*c*", "xxaxxcxxbxx", false)]
    [Arguments("a**b", "ab", true)]
    [Arguments("*/*", "a/b", true)]
    [Arguments("*/*", "ab", false)]
    public async Task FnMatch_Star_MatchesAnyRunIncludingSlash(string pattern, string text, bool expected) =>
        await Assert.That(PathFilter.FnMatch(pattern, text)).IsEqualTo(expected);

    [Test]
    [Arguments("?", "a", true)]
    [Arguments("?", "/", true)]
    [Arguments("?", "", false)]
    [Arguments("?", "ab", false)]
    [Arguments("model.?in", "model.bin", true)]
    [Arguments("a?c", "a/c", true)]
    public async Task FnMatch_QuestionMark_MatchesExactlyOneChar(string pattern, string text, bool expected) =>
        await Assert.That(PathFilter.FnMatch(pattern, text)).IsEqualTo(expected);

    [Test]
    [Arguments("Config.json", "config.json", false)]
    [Arguments("README.md", "readme.md", false)]
    [Arguments("[A-Z]", "a", false)]
    public async Task FnMatch_DifferentCase_DoesNotMatch(string pattern, string text, bool expected) =>
        await Assert.That(PathFilter.FnMatch(pattern, text)).IsEqualTo(expected);

    [Test]
    [Arguments("[abc]", "b", true)]
    [Arguments("[abc]", "d", false)]
    [Arguments("[a-c]x", "bx", true)]
    [Arguments("[a-c]x", "dx", false)]
    [Arguments("[!a-c]", "d", true)]
    [Arguments("[!a-c]", "b", false)]
    [Arguments("[!a]", "/", true)]
    [Arguments("[]]", "]", true)]
    [Arguments("[!]]", "]", false)]
    [Arguments("[!]]", "a", true)]
    [Arguments("[]-a]", "^", true)]
    [Arguments("[-a]", "-", true)]
    [Arguments("[a-]", "-", true)]
    [Arguments("[a-]", "b", false)]
    [Arguments("[a-c-e]", "-", true)]
    [Arguments("[a-c-e]", "d", false)]
    [Arguments("[z-a]", "m", false)]
    [Arguments("[z-a]", "z", false)]
    [Arguments("[!z-a]", "m", true)]
    [Arguments("[az-ab]", "b", true)]
    [Arguments("[az-ab]", "m", false)]
    [Arguments("[0-9][0-9]", "42", true)]
    [Arguments("model-[0-9]*.bin", "model-00001-of-00002.bin", true)]
    [Arguments("[\\]", "\\", true)]
    [Arguments("*[0-9]", "abc", false)]
    public async Task FnMatch_BracketSet_MatchesAsPythonFnmatch(string pattern, string text, bool expected) =>
        await Assert.That(PathFilter.FnMatch(pattern, text)).IsEqualTo(expected);

    [Test]
    [Arguments("[", "[", true)]
    [Arguments("[abc", "[abc", true)]
    [Arguments("[abc", "a", false)]
    [Arguments("a[b", "a[b", true)]
    [Arguments("[!]", "[!]", true)]
    [Arguments("[]", "[]", true)]
    [Arguments("*[", "x[", true)]
    public async Task FnMatch_UnclosedBracket_IsLiteral(string pattern, string text, bool expected) =>
        await Assert.That(PathFilter.FnMatch(pattern, text)).IsEqualTo(expected);

    [Test]
    [Arguments("a.b", "a.b", true)]
    [Arguments("a.b", "axb", false)]
    [Arguments("a+b", "a+b", true)]
    [Arguments("(x)|y", "(x)|y", true)]
    [Arguments("a\\*", "a\\xyz", true)]
    public async Task FnMatch_RegexMetacharacters_AreLiteral(string pattern, string text, bool expected) =>
        await Assert.That(PathFilter.FnMatch(pattern, text)).IsEqualTo(expected);

    [Test]
    public async Task FnMatch_ManyStarsAgainstLongMismatch_FinishesQuickly()
    {
        // A backtracking regex for this pattern takes exponential time on the text below.
        string pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "b";
        string text = new('a', 5000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        bool matched = PathFilter.FnMatch(pattern, text);
        watch.Stop();
        await Assert.That(matched).IsFalse();
        await Assert.That(watch.Elapsed).IsLessThan(TimeSpan.FromSeconds(5));
    }
}
