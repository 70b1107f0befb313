using System.Runtime.InteropServices;

namespace DownloadModels.Bench.Processes;

/// <summary>A NULL-terminated array of UTF-8 C strings (argv, envp) in unmanaged memory.</summary>
internal sealed unsafe class CStringArray : IDisposable
{
    private readonly nint[] _pointers;
    private GCHandle _pin;

    public CStringArray(IReadOnlyList<string> values)
    {
        _pointers = new nint[values.Count + 1];
        for (var i = 0; i < values.Count; i++)
        {
            _pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        }

        _pin = GCHandle.Alloc(_pointers, GCHandleType.Pinned);
    }

    public nint* Pointer => (nint*)_pin.AddrOfPinnedObject();

    public void Dispose()
    {
        if (!_pin.IsAllocated)
        {
            return;
        }

        _pin.Free();
        foreach (var p in _pointers)
        {
            Marshal.FreeCoTaskMem(p);
        }
    }
}
