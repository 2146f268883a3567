using QingzhouPlan.Server.Items;
using Marten;

namespace QingzhouPlan.Server.Plans;

/// <summary>Compares a seed with the plan as the store holds it, in words a plan administrator can act on.</summary>
public static class SeedComparison
{
    public static async Task<IReadOnlyList<string>> Compare(
        PlanSeed seed, string documentSha256, IQuerySession session, CancellationToken cancellationToken)
    {
        var planId = seed.Plan.Id;
        var differences = new List<string>();
        var plan = (await session.LoadAsync<PlanDocument>(planId, cancellationToken))?.State.Adopted;
        if (plan is not null && plan.DocumentSha256 != documentSha256)
            differences.Add($"document {seed.Plan.Document}: content differs from the one loaded (sha256 {plan.DocumentSha256[..12]}… in store)");

        // The seed describes the plan as adopted: compare with the owners and targets at the year's start.
        var start = new DateOnly(seed.Plan.Year, 1, 1);
        var stored = (await session.Query<IndicatorDocument>().Where(i => i.PlanId == planId).ToListAsync(cancellationToken))
            .Select(d => IndicatorView.From(d.Id, d.State, start))
            .ToDictionary(i => i.Code, StringComparer.Ordinal);
        foreach (var entry in seed.Indicators)
        {
            if (!stored.Remove(entry.Code, out var view))
            {
                differences.Add($"indicator {entry.Code} ({entry.Name}) is in the seed but not in the store");
                continue;
            }
            Check(differences, entry.Code, "name", view.Name, entry.Name);
            Check(differences, entry.Code, "unit", view.Unit, entry.Unit);
            Check(differences, entry.Code, "owner", view.OwnerDepartment, entry.Owner);
            Check(differences, entry.Code, "source", view.Source, entry.Source);
            if (view.AdoptedTarget?.Value != entry.Target || view.AdoptedTarget.Tolerance != entry.Tolerance)
                differences.Add($"{entry.Code}: adopted target is {view.AdoptedTarget?.Value} ±{view.AdoptedTarget?.Tolerance} in the store but {entry.Target} ±{entry.Tolerance} in the seed");
            Check(differences, entry.Code, "comparator", view.AdoptedTarget?.Comparator.ToString(), entry.Comparator, ignoreCase: true);
        }
        differences.AddRange(stored.Values.Select(v => $"indicator {v.Code} ({v.Name}) is in the store but not in the seed"));

        var tasks = (await session.Query<TaskDocument>().Where(t => t.PlanId == planId).ToListAsync(cancellationToken))
            .Select(d => TaskView.From(d.Id, d.State, start))
            .ToDictionary(t => t.Code, StringComparer.Ordinal);
        foreach (var entry in seed.Tasks)
        {
            if (!tasks.Remove(entry.Code, out var view))
                differences.Add($"task {entry.Code} is in the seed but not in the store");
            else
                Check(differences, entry.Code, "text", view.Text, entry.Text);
        }
        differences.AddRange(tasks.Values.Select(t => $"task {t.Code} is in the store but not in the seed"));
        return differences;
    }

    private static void Check(List<string> differences, string code, string field, string? stored, string seeded, bool ignoreCase = false)
    {
        if (!string.Equals(stored, seeded, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            differences.Add($"{code}: {field} is '{stored}' in the store but '{seeded}' in the seed");
    }
}
