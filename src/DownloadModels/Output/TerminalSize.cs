namespace DownloadModels.Output;

/// <summary>The terminal's columns and rows at one instant (measured again for every frame of the live view).</summary>
internal readonly record struct TerminalSize(int Width, int Height)
{
    /// <summary>What is assumed when the terminal cannot say.</summary>
    public static readonly TerminalSize Fallback = new(80, 24);

    /// <summary>A size the view can work with: unknown or absurd values replaced by the fallback's.</summary>
    public TerminalSize Usable => new(Width is > 0 and < 10_000 ? Width : Fallback.Width, Height is > 0 and < 10_000 ? Height : Fallback.Height);
}
