namespace QingzhouPlan.Domain.Plans;

/// <summary>
/// A plan as adopted: the founding event of the plan's own stream. <see cref="PreviousPlanId"/> is the plan whose
/// results the document reports (the year before), where it says so; left out of the JSON when absent, so plans
/// recorded before it keep their hash.
/// </summary>
public sealed record PlanAdopted(
    string PlanId,
    int Year,
    string Region,
    string Title,
    DateOnly AdoptedOn,
    string AdoptedBy,
    string Document,
    string DocumentSha256,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Chapter> Chapters,
    ActedBy Actor,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? PreviousPlanId = null);

/// <summary>A municipal department that owns plan items (市工业和信息化局).</summary>
public sealed record Department(string Code, string Name);

/// <summary>A section of the plan: "目标" for 主要预期目标, then "一" … "九" for (一)–(九).</summary>
public sealed record Chapter(string Code, string Title);
