namespace QingzhouPlan.Domain.Tasks;

/// <summary>A qualitative task's state: 未启动 → 推进中 → 已完成, or 有风险 / 已取消.</summary>
public enum TaskStatus
{
    NotStarted,
    InProgress,
    AtRisk,
    Done,
    Cancelled,
}
