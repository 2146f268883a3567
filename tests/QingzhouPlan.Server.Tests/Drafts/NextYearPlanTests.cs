using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Drafts;

/// <summary>
/// Next year's plan read from its document continues this year's indicators: the reviewer confirms the links the draft
/// suggests (by name and unit, with the owner from this year's plan), last year's results are checked against the
/// figures reported through the year, a continued indicator builds on this year's actual, and the indicator reads as
/// one series across both plans — in the API and in InfluxDB. The document is a fixture written in the genre's form
/// (Drafts/Fixtures), since the county's 2025 plan is not among the documents kept here.
/// </summary>
public sealed class NextYearPlanTests : IAsyncLifetime
{
    private readonly PlanHost _host = new();
    private HttpClient _admin = null!;

    public Task InitializeAsync()
    {
        _admin = _host.ClientAs("zhang.admin", "fgj", "admin", plans: ["*"]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_2025_plan_from_its_document_continues_the_2024_indicators_with_their_actuals_as_baselines()
    {
        await Report("tjj", "GDP", "2024-Q1", 5.0m, "%");
        await Report("tjj", "GDP", "2024-Q4", 5.8m, "%");
        await Report("gxj", "BASE-STATIONS-5G", "2024-Q4", 92m, "个");
        await Report("rsj", "URBAN-JOBS", "2024-12", 12500m, "人");

        var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "QingzhouPlan.Server.Tests", "Drafts", "Fixtures", "next-year-plan.txt"));
        var opened = await _admin.PostAsync("/api/plan-drafts?name=next-year-plan.txt", new StringContent(text));
        opened.StatusCode.ShouldBe(HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var draft = await opened.Json();
        var id = draft.GetProperty("id").GetString();
        // Before the reviewer names it, the previous plan is the store's plan of the year before.
        draft.GetProperty("previousPlanId").GetString().ShouldBe("qingzhou-2024");

        var described = await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/plan", new
        {
            id = "qingzhou-2025", year = 2025, region = "青州市", title = "青州市2025年国民经济和社会发展计划", adoptedOn = "2025-01-15",
            adoptedBy = "市二十届人大一次会议审议通过", previousPlanId = "qingzhou-2024", copyFromPrevious = true,
        });
        described.StatusCode.ShouldBe(HttpStatusCode.OK, await described.Content.ReadAsStringAsync());
        var view = await described.Json();
        view.GetProperty("plan").GetProperty("departments").GetArrayLength().ShouldBe(Seeds.Plan2024.Departments.Count);
        view.GetProperty("plan").GetProperty("chapters").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["目标", "一"]);

        // Every quantity is linked to the 2024 item the draft suggests, and owned by that item's department.
        var items = view.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("kind").GetString()).ShouldBe(["Result", "Result", "Result", "Target", "Target", "Target", "Task"]);
        var proposedTask = items[^1];
        proposedTask.GetProperty("clause").GetString().ShouldBe("加快发展数字经济");
        (await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/items/{proposedTask.GetProperty("id").GetString()}", new { fields = new { owner = "gxj" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var item in items.Where(i => i.GetProperty("kind").GetString() != "Task"))
        {
            var suggestion = item.GetProperty("suggestion");
            suggestion.ValueKind.ShouldBe(JsonValueKind.Object, item.GetProperty("clause").GetString());
            var code = suggestion.GetProperty("code").GetString()!;
            var result = item.GetProperty("kind").GetString() == "Result";
            // The 2025 jobs target is worded in 万人; the reviewer keeps the series in 2024's unit, 人.
            var jobs = code == "URBAN-JOBS" && !result;
            var edit = await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/items/{item.GetProperty("id").GetString()}", new
            {
                fields = new
                {
                    code, owner = suggestion.GetProperty("owner").GetString(), continues = result ? null : code,
                    unit = jobs ? "人" : null, value = jobs ? 13000m : (decimal?)null, chapter = result ? "" : null,
                    baseline = code == "GDP" && !result ? "GDP" : null,
                },
            });
            edit.StatusCode.ShouldBe(HttpStatusCode.OK, await edit.Content.ReadAsStringAsync());
        }
        // A task the extractor does not propose (it opens with no verb), added by selecting its words.
        var task = text.IndexOf("工业互联网平台应用水平持续提升", StringComparison.Ordinal);
        var added = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/items", new { kind = "Task", start = task, length = "工业互联网平台应用水平持续提升".Length, fields = new { owner = "gxj" } });
        added.StatusCode.ShouldBe(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/accepted", new { items = items.Select(i => i.GetProperty("id").GetString()) })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The round copied from 2024 has rules on indicators 2025 does not carry on: shown, then left out by the reviewer.
        var ready = await (await _admin.GetAsync($"/api/plan-drafts/{id}")).Json();
        var problems = ready.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()!).ToList();
        problems.ShouldNotBeEmpty();
        problems.ShouldAllBe(f => f.StartsWith("round.rules["));
        var round = ready.GetProperty("plan").GetProperty("round");
        var kept = round.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("indicator").GetString() is "GDP" or "*").Select(r => (object)r).ToList();
        // A year-on-year band for every quarter, which only a plan linked to the year before can judge.
        kept.Add(new { id = "gdp-yoy", name = "地区生产总值增速同比", kind = "YearOnYear", severity = "Explain", indicator = "GDP", max = 1.0m, clause = "地区生产总值增长6%左右" });
        (await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/plan", new
        {
            id = "qingzhou-2025", year = 2025, region = "青州市", title = "青州市2025年国民经济和社会发展计划", adoptedOn = "2025-01-15",
            adoptedBy = "市二十届人大一次会议审议通过", previousPlanId = "qingzhou-2024", copyFromPrevious = true,
            round = new { levels = round.GetProperty("levels"), rules = kept, window = round.GetProperty("window") },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        ready = await (await _admin.GetAsync($"/api/plan-drafts/{id}")).Json();
        ready.GetProperty("problems").GetArrayLength().ShouldBe(0, ready.GetProperty("problems").ToString());
        ready.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("code").GetString(), r.GetProperty("standing").GetString()))
            .ShouldBe([("GDP", "Agrees"), ("BASE-STATIONS-5G", "Agrees"), ("URBAN-JOBS", "Agrees")], ignoreOrder: true);

        var adoption = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/adoption", new { });
        adoption.StatusCode.ShouldBe(HttpStatusCode.Created, await adoption.Content.ReadAsStringAsync());

        // A continued indicator builds on 2024's actual; one paired with a result of the document, on that result.
        var stations = await (await _admin.GetAsync("/api/plans/qingzhou-2025/indicators/BASE-STATIONS-5G")).Json();
        stations.GetProperty("baseline").GetProperty("value").GetDecimal().ShouldBe(92m);
        stations.GetProperty("baseline").GetProperty("source").GetString().ShouldBe("qingzhou-2024/BASE-STATIONS-5G 2024-Q4 实际");
        var gdp = await (await _admin.GetAsync("/api/plans/qingzhou-2025/indicators/GDP")).Json();
        (gdp.GetProperty("baseline").GetProperty("value").GetDecimal(), gdp.GetProperty("baseline").GetProperty("year").GetInt32()).ShouldBe((5.8m, 2024));
        // The results agreed with the 2024 streams, so none was started again.
        (await _host.Events("qingzhou-2024/GDP")).Select(e => e.Data.GetType().Name).ShouldNotContain("ItemClosed");

        // One indicator over the years, from either end.
        foreach (var plan in new[] { "qingzhou-2024", "qingzhou-2025" })
        {
            var years = (await (await _admin.GetAsync($"/api/plans/{plan}/indicators/GDP/years")).Json()).EnumerateArray().ToList();
            years.Select(y => y.GetProperty("year").GetInt32()).ShouldBe([2024, 2025]);
            years[0].GetProperty("yearEnd").GetProperty("value").GetDecimal().ShouldBe(5.8m);
            years[1].GetProperty("targetText").GetString()!.ShouldContain("6");
        }

        // 上年同期 for a quarter comes from the 2024 item: 6.1 % is 1.1 points above 2024-Q1, beyond the band, so it needs a 上报说明.
        var unexplained = await _host.ClientAs("reporter.tjj", "tjj", plans: ["*"]).PostJson("/api/plans/qingzhou-2025/indicators/GDP/reports",
            new { reportId = "gdp-2025-q1", period = "2025-Q1", value = 6.1m, unit = "%" });
        unexplained.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unexplained.Json()).GetProperty("clerk").GetString()!.ShouldContain("比上年同期（5.0）增长 1.1个百分点");
        var board = await (await _admin.GetAsync("/api/plans/qingzhou-2025/validation?period=2025-03")).Json();
        board.GetProperty("findings").GetArrayLength().ShouldBe(0);

        // A token for the 2025 plan alone sees 2025's year only.
        var only2025 = _host.ClientAs("zhou.viewer", "tjj", "viewer", plans: ["qingzhou-2025"]);
        (await (await only2025.GetAsync("/api/plans/qingzhou-2025/indicators/GDP/years")).Json()).EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ShouldBe([2025]);

        // The export is the seed the plan stands for: its results (checked, not recorded again), baselines and links.
        var exported = await (await _admin.GetAsync("/api/plans/qingzhou-2025/export")).Content.ReadAsStringAsync();
        var seed = new YamlDotNet.Serialization.DeserializerBuilder().WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance)
            .Build().Deserialize<QingzhouPlan.Server.Plans.PlanSeed>(exported);
        seed.Results.Select(r => (r.Code, r.Period, r.Value)).ShouldBe([("BASE-STATIONS-5G", "2024", 92m), ("GDP", "2024", 5.8m), ("URBAN-JOBS", "2024", 12500m)]);
        seed.Indicators.Single(i => i.Code == "GDP").Baseline.ShouldBe("GDP");
        seed.Indicators.Single(i => i.Code == "BASE-STATIONS-5G").Continues.ShouldBe("BASE-STATIONS-5G");

        // InfluxDB: the indicator's series carries on under its code, one plan after the other.
        await Report("tjj", "GDP", "2025-Q1", 6.1m, "%", "qingzhou-2025", "一季度重点项目集中投产");
        var validation = await (await _admin.GetAsync("/api/plans/qingzhou-2025/validation?period=2025-03")).Json();
        validation.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ShouldContain("gdp-yoy");
        await Wait.Until(async () => (await _host.Influx.Rows("SELECT \"value\", \"plan\" FROM \"indicator_actual\" WHERE \"indicator\" = 'GDP'"))
            .Select(r => r["plan"].GetString()).Distinct().Count() == 2, TimeSpan.FromSeconds(30));
    }

    private async Task Report(string department, string code, string period, decimal value, string unit, string plan = "qingzhou-2024", string? explanation = null)
    {
        var response = await _host.ClientAs($"reporter.{department}", department, plans: ["*"]).PostJson($"/api/plans/{plan}/indicators/{code}/reports",
            new { reportId = $"{plan}-{code}-{period}", period, value, unit, explanation });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }
}
