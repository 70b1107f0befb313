using System.Formats.Tar;

namespace DownloadModels.Tests.Bundle;

/// <summary>One tar entry of a hand-made bundle: any type, any name, any link target.</summary>
internal sealed record BundleEntry(string Name, TarEntryType Type, byte[]? Data, string? LinkName)
{
    public TarEntry ToTarEntry()
    {
        var entry = new PaxTarEntry(Type, Name);
        if (Data is { Length: > 0 })
            entry.DataStream = new MemoryStream(Data);
        if (LinkName is not null)
            entry.LinkName = LinkName;
        if (Type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = 1;
            entry.DeviceMinor = 3;
        }

        return entry;
    }
}
