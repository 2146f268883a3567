using Marten;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// A second plan whose document reports the same previous year (two seeds of one county, or next year's plan reporting
/// this year's results) finds last year's item streams already in the store: it checks its results against them and
/// loads, instead of colliding with them and loading nothing; a result that differs keeps it out, and says why.
/// </summary>
public sealed class PreviousPlanResultsTests
{
    [Fact]
    public async Task A_plan_whose_results_agree_with_the_previous_plan_in_the_store_loads_without_starting_them_again()
    {
        var (folder, host) = WithSecondSeed(yaml => yaml);
        await using (host)
        {
            var auditor = host.ClientAs("he.audit", "sjj", "auditor", plans: ["*"]);
            (await auditor.GetAsync("/api/plans/qingzhou-2024b")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            (await auditor.GetFromJsonList("/api/plans/qingzhou-2024b/indicators")).Count.ShouldBe(Seeds.Plan2024.Indicators.Count);
            (await host.Events("qingzhou-2023/INDUSTRIAL-OUTPUT")).Count.ShouldBe(3);
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_plan_whose_results_differ_from_the_store_is_not_loaded_and_the_difference_is_reported()
    {
        var (folder, host) = WithSecondSeed(yaml => yaml.Replace("value: 1320, unit: 亿元", "value: 1321, unit: 亿元"));
        await using (host)
        {
            var auditor = host.ClientAs("he.audit", "sjj", "auditor", plans: ["*"]);
            (await auditor.GetAsync("/api/plans/qingzhou-2024")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            (await auditor.GetAsync("/api/plans/qingzhou-2024b")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
            var differences = (await (await auditor.GetAsync("/api/plans/qingzhou-2024b/seed-differences")).Json())
                .GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).ToList();
            differences.ShouldContain(d => d.StartsWith("INDUSTRIAL-OUTPUT") && d.Contains("the document says 1321 亿元, the store holds 1320 亿元"));
        }
        Directory.Delete(folder, recursive: true);
    }

    // The seed folder with a second copy of the 2024 seed under another plan id (its results those of the same 2023).
    private static (string Folder, PlanHost Host) WithSecondSeed(Func<string, string> change)
    {
        var schema = $"t_{Guid.NewGuid():N}"[..18];
        var folder = Seeds.CopyTo(Path.Combine(Path.GetTempPath(), schema));
        var yaml = File.ReadAllText(Path.Combine(folder, "plan-2024.yaml")).Replace("id: qingzhou-2024\n", "id: qingzhou-2024b\n");
        yaml.ShouldContain("id: qingzhou-2024b\n");
        File.WriteAllText(Path.Combine(folder, "plan-2024b.yaml"), change(yaml));
        var host = new PlanHost(schema, new Dictionary<string, string?> { ["Seeds:Directory"] = folder });
        host.CreateClient();
        return (folder, host);
    }
}
