using QingzhouPlan.Server.Items;
using System.Net;
using Marten;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>The 2024 plan loaded as events on start, served through the read API, never reloaded.</summary>
public sealed class PlanLoadingTests
{
    [Fact]
    public async Task The_whole_plan_is_served_in_Chinese_with_targets_baselines_and_sources()
    {
        await using var host = new PlanHost();
        var client = host.Viewer();

        var indicatorsText = await client.GetStringAsync("/api/plans/qingzhou-2024/indicators");
        indicatorsText.ShouldContain("“地企互采”金额"); // UTF-8 characters, not \u escapes

        var indicators = await client.GetFromJsonList("/api/plans/qingzhou-2024/indicators");
        indicators.Count.ShouldBe(Seeds.Plan2024.Indicators.Count);
        var procurement = indicators.Single(i => i.GetProperty("code").GetString() == "LOCAL-PROCUREMENT");
        procurement.GetProperty("targetText").GetString().ShouldBe("突破30亿元");
        procurement.GetProperty("source").GetString().ShouldBe("“地企互采”金额突破 30 亿元");
        procurement.GetProperty("baseline").GetProperty("value").GetDecimal().ShouldBe(21m);
        procurement.GetProperty("baseline").GetProperty("source").GetString().ShouldBe("实现“地产互采”金额 21 亿元");

        (await client.GetFromJsonList("/api/plans/qingzhou-2024/tasks")).Count.ShouldBe(Seeds.Plan2024.Tasks.Count);
        (await client.GetFromJsonList("/api/plans/qingzhou-2024/chapters")).Count.ShouldBe(10);
        (await client.GetFromJsonList("/api/plans/qingzhou-2024/departments")).Count.ShouldBe(Seeds.Plan2024.Departments.Count);

        var results2023 = await client.GetFromJsonList("/api/plans/qingzhou-2023/indicators");
        results2023.Count.ShouldBe(Seeds.Plan2024.Results.Count);
        var output = results2023.Single(r => r.GetProperty("code").GetString() == "INDUSTRIAL-OUTPUT");
        output.GetProperty("figures")[0].GetProperty("value").GetDecimal().ShouldBe(1320m);
        output.GetProperty("figures")[0].GetProperty("period").GetString().ShouldBe("2023");
    }

    [Fact]
    public async Task Filters_narrow_indicators_and_tasks()
    {
        await using var host = new PlanHost();
        var client = host.Viewer();

        var chapter5 = await client.GetFromJsonList("/api/plans/qingzhou-2024/indicators?chapter=" + Uri.EscapeDataString("五"));
        chapter5.Select(i => i.GetProperty("code").GetString()).ShouldBe(
            Seeds.Plan2024.Indicators.Where(i => i.Chapter == "五").Select(i => i.Code).Order(StringComparer.Ordinal), ignoreOrder: false);

        var rsj = await client.GetFromJsonList("/api/plans/qingzhou-2024/indicators?department=rsj");
        rsj.Select(i => i.GetProperty("code").GetString()).ShouldBe(["SKILLED-TALENT", "URBAN-JOBS"]);

        var growth = await client.GetFromJsonList("/api/plans/qingzhou-2024/indicators?measure=GrowthRate");
        growth.Count.ShouldBe(5);

        var strive = await client.GetFromJsonList("/api/plans/qingzhou-2024/tasks?q=" + Uri.EscapeDataString("争创"));
        strive.Count.ShouldBe(Seeds.Plan2024.Tasks.Count(t => t.Text.Contains("争创")));
        strive.Count.ShouldBeGreaterThan(0);

        // Asked by a token that covers every plan, so that the answer is about the plan, not the token's scope.
        var missing = await host.ClientAs("zhou.viewer", "tjj", "viewer", plans: ["*"]).GetAsync("/api/plans/qingzhou-1999");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.ProblemErrors()).ShouldContainKey("planId");
    }

    [Fact]
    public async Task Starting_again_appends_nothing_and_reports_no_difference()
    {
        var schema = $"t_{Guid.NewGuid():N}"[..18];
        long before;
        await using (var first = new PlanHost(schema) { DropSchemaOnDispose = false })
        {
            first.CreateClient();
            before = await EventCount(first.Store);
            before.ShouldBeGreaterThan(0);
        }

        await using var second = new PlanHost(schema);
        var client = second.ClientAs("he.audit", "sjj", "auditor");

        (await EventCount(second.Store)).ShouldBe(before);
        var differences = (await (await client.GetAsync("/api/plans/qingzhou-2024/seed-differences")).Json()).GetProperty("differences");
        differences.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_changed_seed_is_reported_and_changes_nothing_in_the_store()
    {
        var schema = $"t_{Guid.NewGuid():N}"[..18];
        long before;
        await using (var first = new PlanHost(schema) { DropSchemaOnDispose = false })
        {
            first.CreateClient();
            before = await EventCount(first.Store);
        }
        var altered = Seeds.CopyTo(Path.Combine(Path.GetTempPath(), schema));
        var yaml = Path.Combine(altered, "plan-2024.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml)
            .Replace("unit: 个, target: 138,", "unit: 个, target: 150,")
            .Replace("  - { code: T-WASTE-SORTING,", "  - { code: T-WASTE-SORTING-RENAMED,"));

        await using var second = new PlanHost(schema, new Dictionary<string, string?> { ["Seeds:Directory"] = altered });
        var client = second.ClientAs("he.audit", "sjj", "auditor");

        var differences = (await (await client.GetAsync("/api/plans/qingzhou-2024/seed-differences")).Json())
            .GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).ToList();
        differences.ShouldContain(d => d.StartsWith("CHARGING-PILES: adopted target is 138"));
        differences.ShouldContain(d => d.StartsWith("task T-WASTE-SORTING-RENAMED is in the seed but not in the store"));
        differences.ShouldContain(d => d.StartsWith("task T-WASTE-SORTING is in the store but not in the seed"));
        (await EventCount(second.Store)).ShouldBe(before);
        await using var session = second.Store.QuerySession();
        (await session.LoadAsync<IndicatorDocument>("qingzhou-2024/CHARGING-PILES"))!.State.TargetOn(new DateOnly(2024, 12, 31))!.Target.Value.ShouldBe(138m);
        Directory.Delete(altered, recursive: true);
    }

    private static async Task<long> EventCount(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
