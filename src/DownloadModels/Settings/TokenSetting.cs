namespace DownloadModels.Settings;

/// <summary>
/// A Hugging Face token and where it came from ("--token", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", or
/// "file PATH"). <see cref="ToString"/> masks the value so logging the record never leaks it.
/// </summary>
internal sealed record TokenSetting(string Value, string Source)
{
    public override string ToString() => $"TokenSetting {{ Value = ***, Source = {Source} }}";
}
