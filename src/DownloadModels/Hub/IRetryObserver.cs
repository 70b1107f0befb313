namespace DownloadModels.Hub;

/// <summary>Told of every retry as it is scheduled, so a wait is never silent (the progress view shows it).</summary>
internal interface IRetryObserver
{
    void Retrying(RetryNotice notice);
}
