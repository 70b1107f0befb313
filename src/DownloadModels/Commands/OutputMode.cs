namespace DownloadModels.Commands;

/// <summary>
/// How a run talks: <see cref="Json"/> puts one document on stdout instead of the text results; the
/// progress view and its detail; <see cref="Quiet"/> leaves only errors and what a script reads.
/// </summary>
internal sealed record OutputMode(bool Json, ProgressMode Progress, bool Verbose, bool Quiet)
{
    public static readonly OutputMode Text = new(false, ProgressMode.Auto, false, false);
}
