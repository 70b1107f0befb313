namespace DownloadModels.Commands;

/// <summary><c>--progress</c>: which view shows a run's progress on stderr.</summary>
internal enum ProgressMode
{
    /// <summary>The live view when stderr is a terminal, plain lines otherwise.</summary>
    Auto,
    Live,
    Plain,

    /// <summary>No progress at all; errors are still printed.</summary>
    None,
}
