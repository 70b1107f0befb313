namespace DownloadModels.Bundle;

/// <summary>The five kinds of entry a bundle may hold after its manifest; nothing else is accepted.</summary>
internal enum BundleEntryKind
{
    Blob,
    Link,
    Ref,
    NoExist,
    Tree,
}
