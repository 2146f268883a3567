namespace QingzhouPlan.Server.Departments;

/// <summary>A department within a plan, keyed "qingzhou-2024/gxj": what it owns and how it stands.</summary>
[Alias("IDepartmentGrain")]
public interface IDepartmentGrain : IGrainWithStringKey
{
    /// <summary>Met / on track / lagging / no data / late counts over the department's items, as of now.</summary>
    [Alias("GetSummary")]
    Task<DepartmentSummary> GetSummary();
}

/// <summary>A whole plan, keyed by plan id: the department summaries rolled up by chapter and overall.</summary>
[Alias("IPlanGrain")]
public interface IPlanGrain : IGrainWithStringKey
{
    [Alias("GetSummary")]
    Task<PlanSummary?> GetSummary();
}
