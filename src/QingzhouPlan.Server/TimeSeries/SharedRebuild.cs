namespace QingzhouPlan.Server.TimeSeries;

/// <summary>The latest rebuild's progress as the node running it last shared it.</summary>
public sealed record SharedRebuild(string Id, RebuildStatus Status, DateTimeOffset SharedAt)
{
    public const string Key = "influx";

    // A running rebuild shares after every page and every retry; silence this long means its node stopped.
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);
}
