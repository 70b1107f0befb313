namespace DownloadModels.Transfer;

internal enum RangeState
{
    /// <summary>Not yet taken by a connection.</summary>
    Pending,

    /// <summary>A connection is fetching it.</summary>
    Active,

    /// <summary>Every byte is written (in this run or an earlier one).</summary>
    Done,
}
