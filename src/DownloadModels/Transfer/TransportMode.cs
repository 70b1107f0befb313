namespace DownloadModels.Transfer;

/// <summary>
/// How files stored in Xet travel (--transport, HF_HUB_DISABLE_XET): <see cref="Auto"/> takes the Xet store when the
/// endpoint has one and falls back to HTTP when it has not (silently) or fails (once, with one line); <see cref="Xet"/>
/// insists on it; <see cref="Http"/> always follows resolve/ as a plain HTTP client does.
/// </summary>
internal enum TransportMode
{
    Auto,
    Xet,
    Http,
}
