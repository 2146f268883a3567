namespace QingzhouPlan.Domain.Targets;

/// <summary>How the plan words a target, which decides when it counts as met.</summary>
public enum Comparator
{
    /// <summary>左右: within a tolerance either side (增长5.5%左右).</summary>
    Approximately,

    /// <summary>以上: at least the value (投资 90 亿元以上).</summary>
    AtLeast,

    /// <summary>突破: beyond the value (“地企互采”金额突破 30 亿元).</summary>
    Exceed,

    /// <summary>力争: a soft aim; missing it is a shortfall, not a breach (力争新增贷款 100 亿元).</summary>
    Strive,

    /// <summary>达到, or a plain number: reach the value (新建公共充电站 15 处).</summary>
    Reach,

    /// <summary>以内: at most the value.</summary>
    AtMost,
}
