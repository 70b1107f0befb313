namespace DownloadModels.Bundle;

/// <summary>The five kinds of entry a bundle may hold after its manifest; nothing else is accepted.</summary>
internal enum EntryKind
{
    Blob,
    Link,
    Ref,
    NoExist,
    Tree,
}
