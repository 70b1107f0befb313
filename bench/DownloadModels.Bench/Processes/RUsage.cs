using System.Runtime.InteropServices;

namespace DownloadModels.Bench.Processes;

/// <summary>
/// struct rusage of 64-bit Linux: two timevals, then 14 longs of which the first is ru_maxrss (kB; not used,
/// see <see cref="PeakRss"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RUsage
{
    public long UserSeconds;
    public long UserMicroseconds;
    public long SystemSeconds;
    public long SystemMicroseconds;
    public long MaxRssKilobytes;
    public fixed long Rest[13];

    public readonly double CpuSeconds =>
        UserSeconds + SystemSeconds + ((UserMicroseconds + SystemMicroseconds) / 1e6);
}
