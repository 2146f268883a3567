namespace QingzhouPlan.Domain.Progress;

/// <summary>Where an indicator stands against its target for a period.</summary>
public enum ProgressStatus
{
    /// <summary>完成: the target as worded is met (a year-to-date sum that reached it, or a final figure).</summary>
    Met,

    /// <summary>达到序时进度: not yet met, but at or ahead of the expected value for the period.</summary>
    OnTrack,

    /// <summary>滞后: behind 序时进度, or a final figure that misses the target.</summary>
    Lagging,

    /// <summary>No figure stands for the period.</summary>
    NoData,
}
