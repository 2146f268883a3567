namespace QingzhouPlan.Domain.Plans;

/// <summary>
/// A plan as adopted: the founding event of the plan's own stream. <see cref="PreviousPlanId"/> is the plan whose
/// results the document reports (the year before), and <see cref="Results"/> those results as the document states
/// them — whether they started the previous plan's items or were checked against them. Both are left out of the JSON
/// when absent, so plans recorded before them keep their hash.
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
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? PreviousPlanId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PublishedResult>? Results = null);

/// <summary>A result of the previous year as the plan's document reports it (规上工业企业完成工业总产值 1320 亿元).</summary>
public sealed record PublishedResult(
    string Code, string Name, string Chapter, Indicators.MeasureKind Measure, Periods.Period Period, decimal Value, string Unit, string Owner, string Source);

/// <summary>A municipal department that owns plan items (市工业和信息化局).</summary>
public sealed record Department(string Code, string Name);

/// <summary>A section of the plan: "目标" for 主要预期目标, then "一" … "九" for (一)–(九).</summary>
public sealed record Chapter(string Code, string Title);
