namespace DownloadModels.Manifest;

/// <summary>One <c>[[model]]</c> entry of the manifest and the line its header is on.</summary>
internal sealed record ManifestEntry(int Line, ModelInput Input);
