using QingzhouPlan.Domain;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// The plans a token covers when it names none: "Auth:Plans" (ids or prefixes such as <c>qingzhou-*</c>,
/// separated by ';'), or else the plans this server seeds, with the years whose results they carry. Locally
/// minted tokens name these; a provider's token without a plan claim gets them on arrival.
/// </summary>
public sealed class DefaultPlans(IConfiguration configuration, SeedFiles seeds)
{
    private readonly Lazy<PlanScope> _scope = new(() => Read(configuration, seeds));

    public PlanScope Scope => _scope.Value;

    private static PlanScope Read(IConfiguration configuration, SeedFiles seeds)
    {
        var configured = (configuration["Auth:Plans"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured.FirstOrDefault(p => PlanScope.Problem(p) is not null) is { } bad)
            throw new InvalidOperationException($"Auth:Plans: {PlanScope.Problem(bad)}");
        if (configured.Length > 0)
            return new PlanScope(configured);
        var seeded = seeds.PlanFiles().Select(SeedFiles.Read)
            .SelectMany(seed => new[] { seed.Plan.Id, seed.Plan.PreviousPlanId })
            .Where(id => id.Length > 0)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return new PlanScope(seeded);
    }
}
