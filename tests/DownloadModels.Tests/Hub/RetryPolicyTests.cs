using System.Security.Authentication;
using DownloadModels.Hub;

namespace DownloadModels.Tests.Hub;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Fast = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4), TimeSpan.FromSeconds(5));

    [Test]
    [Arguments(0, 1)]
    [Arguments(1, 1)]
    [Arguments(2, 2)]
    [Arguments(3, 4)]
    [Arguments(4, 8)]
    [Arguments(5, 8)]
    [Arguments(20, 8)]
    public async Task DelayFor_NoHint_DoublesFromBaseCappedAtMaxDelay(int failure, int seconds) =>
        await Assert.That(RetryPolicy.Default.DelayFor(failure, null)).IsEqualTo(TimeSpan.FromSeconds(seconds));

    [Test]
    public async Task DelayFor_ServerHint_HonouredPlusMargin() =>
        await Assert.That(RetryPolicy.Default.DelayFor(1, TimeSpan.FromSeconds(42))).IsEqualTo(TimeSpan.FromSeconds(42) + TimeSpan.FromMilliseconds(100));

    [Test]
    public async Task DelayFor_ServerHintBeyondMaxDelay_NotCappedByMaxDelay() =>
        await Assert.That(RetryPolicy.Default.DelayFor(5, TimeSpan.FromSeconds(60))).IsEqualTo(TimeSpan.FromSeconds(60.1));

    [Test]
    public async Task DelayFor_HugeServerHint_CappedAtMaxServerHint() =>
        await Assert.That(RetryPolicy.Default.DelayFor(1, TimeSpan.FromHours(10))).IsEqualTo(RetryPolicy.MaxServerHint + TimeSpan.FromMilliseconds(100));

    [Test]
    public async Task DelayFor_ZeroHint_WaitsOnlyTheMargin() =>
        await Assert.That(RetryPolicy.Default.DelayFor(3, TimeSpan.Zero)).IsEqualTo(TimeSpan.FromMilliseconds(100));

    [Test]
    public async Task IsTransient_NameResolutionError_False() =>
        await Assert.That(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), CancellationToken.None)).IsFalse();

    [Test]
    public async Task IsTransient_SecureConnectionError_False() =>
        await Assert.That(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls", new AuthenticationException()), CancellationToken.None)).IsFalse();

    [Test]
    [Arguments(HttpRequestError.ConnectionError)]
    [Arguments(HttpRequestError.ResponseEnded)]
    [Arguments(HttpRequestError.Unknown)]
    public async Task IsTransient_OtherHttpRequestError_True(HttpRequestError error) =>
        await Assert.That(RetryPolicy.IsTransient(new HttpRequestException(error, "x"), CancellationToken.None)).IsTrue();

    [Test]
    public async Task IsTransient_IOException_True() =>
        await Assert.That(RetryPolicy.IsTransient(new IOException("connection reset"), CancellationToken.None)).IsTrue();

    [Test]
    public async Task IsTransient_TimeoutException_True() =>
        await Assert.That(RetryPolicy.IsTransient(new TimeoutException(), CancellationToken.None)).IsTrue();

    [Test]
    [Arguments("Transient", true)]
    [Arguments("SignedUrlExpired", true)]
    [Arguments("RepoNotFound", false)]
    [Arguments("GatedRepo", false)]
    [Arguments("EntryNotFound", false)]
    [Arguments("Protocol", false)]
    [Arguments("Other", false)]
    public async Task IsTransient_HubException_FollowsKind(string kind, bool expected) =>
        await Assert.That(RetryPolicy.IsTransient(new HubException(Enum.Parse<HubErrorKind>(kind), "x"), CancellationToken.None)).IsEqualTo(expected);

    [Test]
    public async Task IsTransient_CancelledByUser_False()
    {
        using var user = new CancellationTokenSource();
        await user.CancelAsync();

        await Assert.That(RetryPolicy.IsTransient(new OperationCanceledException(user.Token), user.Token)).IsFalse();
        await Assert.That(RetryPolicy.IsTransient(new TaskCanceledException(), user.Token)).IsFalse();
    }

    [Test]
    public async Task IsTransient_CancelledByStallTimeout_True()
    {
        using var user = new CancellationTokenSource();

        await Assert.That(RetryPolicy.IsTransient(new TaskCanceledException(), user.Token)).IsTrue();
    }

    [Test]
    public async Task IsTransient_UnrelatedException_False() =>
        await Assert.That(RetryPolicy.IsTransient(new InvalidOperationException(), CancellationToken.None)).IsFalse();

    [Test]
    public async Task ServerHint_HubExceptionWithRetryAfter_ReturnsIt()
    {
        await Assert.That(RetryPolicy.ServerHint(new HubException(HubErrorKind.Transient, "x", 429, TimeSpan.FromSeconds(9)))).IsEqualTo(TimeSpan.FromSeconds(9));
        await Assert.That(RetryPolicy.ServerHint(new IOException())).IsNull();
    }

    [Test]
    public async Task RunAsync_TransientThenSuccess_Retries()
    {
        var attempts = 0;

        var result = await Fast.RunAsync(_ => ++attempts < 3 ? throw new IOException("reset") : Task.FromResult(7), e => e, "test", CancellationToken.None);

        await Assert.That(result).IsEqualTo(7);
        await Assert.That(attempts).IsEqualTo(3);
    }

    [Test]
    public async Task RunAsync_AlwaysTransient_GivesUpAfterMaxRetriesWithDescribedError()
    {
        var attempts = 0;

        var e = await Assert.That(() => Fast.RunAsync<int>(_ => { attempts++; throw new IOException("reset"); },
            inner => new HubException(HubErrorKind.Transient, "described", inner: inner), "test", CancellationToken.None)).Throws<HubException>();

        await Assert.That(e!.Message).IsEqualTo("described");
        await Assert.That(attempts).IsEqualTo(Fast.MaxRetries + 1);
    }

    [Test]
    public async Task RunAsync_PermanentHubError_NotRetriedNorDescribed()
    {
        var attempts = 0;

        var e = await Assert.That(() => Fast.RunAsync<int>(_ => { attempts++; throw new HubException(HubErrorKind.RepoNotFound, "nope"); },
            _ => new InvalidOperationException("should not describe"), "test", CancellationToken.None)).Throws<HubException>();

        await Assert.That(e!.Kind).IsEqualTo(HubErrorKind.RepoNotFound);
        await Assert.That(attempts).IsEqualTo(1);
    }

    [Test]
    [Arguments(41)]
    [Arguments(100)]
    public async Task DelayFor_ManyFailures_CappedWithoutOverflow(int failure) =>
        await Assert.That(RetryPolicy.Default.DelayFor(failure, null)).IsEqualTo(TimeSpan.FromSeconds(8));
}
