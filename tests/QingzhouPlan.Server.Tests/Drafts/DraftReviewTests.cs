using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QingzhouPlan.Server.Tests.Drafts;

/// <summary>
/// A reviewer turns the seed document into a plan through the API alone — open, describe, edit, add what was missed,
/// bulk accept, drop the rest, adopt — and the plan equals the seed's item by item. Last year's results are checked
/// against the 2023 streams already in the store, never started again; a disagreement blocks adoption and is shown.
/// </summary>
public sealed class DraftReviewTests : IAsyncLifetime
{
    private const string Reviewed = "qingzhou-2024-reviewed";
    private readonly PlanHost _host = new();
    private HttpClient _admin = null!;
    private string _text = "";

    public Task InitializeAsync()
    {
        _admin = _host.ClientAs("zhang.admin", "fgj", "admin", plans: ["*"]);
        _text = File.ReadAllText(Path.Combine(Seeds.Directory, Seeds.Plan2024.Plan.Document));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_reviewer_session_turns_the_seed_document_into_a_plan_equal_to_the_seed()
    {
        var seed = Seeds.Plan2024;
        var (id, draft) = await Open();
        var proposals = draft.GetProperty("items").EnumerateArray().ToList();
        proposals.Count.ShouldBeGreaterThan(100);
        (await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/plan", Describe(seed, Reviewed))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Each seed item: the proposal on its clause with its figure, edited to the seed's fields; or, if none, added by selecting the clause.
        var taken = new HashSet<string>();
        var reviewed = new List<string>();
        var edited = new List<string>();
        foreach (var (kind, code, source, value, fields) in SeedItems(seed))
        {
            var (start, length) = Locate(source);
            var match = proposals.FirstOrDefault(p => p.GetProperty("kind").GetString() == kind && !taken.Contains(p.GetProperty("id").GetString()!)
                && (value is null || p.GetProperty("fields").GetProperty("value").ValueKind == JsonValueKind.Number && p.GetProperty("fields").GetProperty("value").GetDecimal() == value)
                && p.GetProperty("start").GetInt32() < start + length && start < p.GetProperty("start").GetInt32() + p.GetProperty("length").GetInt32());
            if (match.ValueKind == JsonValueKind.Object)
            {
                var itemId = match.GetProperty("id").GetString()!;
                taken.Add(itemId);
                var response = await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/items/{itemId}", new { start, length, fields });
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{code}: {await response.Content.ReadAsStringAsync()}");
                reviewed.Add(itemId);
                edited.Add(kind);
                continue;
            }
            var added = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/items", new { kind, start, length, fields });
            added.StatusCode.ShouldBe(HttpStatusCode.OK, $"{code}: {await added.Content.ReadAsStringAsync()}");
            (await added.Json()).GetProperty("items").EnumerateArray().Last().GetProperty("clause").GetString().ShouldBe(source);
        }
        // Nearly every seed item is reviewed from its proposal; only what the extractor missed is added.
        edited.Count(k => k == "Target").ShouldBeGreaterThanOrEqualTo(seed.Indicators.Count - 2);
        edited.Count(k => k == "Task").ShouldBeGreaterThanOrEqualTo(seed.Tasks.Count * 9 / 10);

        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/accepted", new { items = reviewed })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rest = (await (await _admin.GetAsync($"/api/plan-drafts/{id}")).Json()).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("status").GetString() == "Proposed").Select(i => i.GetProperty("id").GetString()!).ToList();
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/dropped", new { items = rest, reason = "不是计划指标（日期、序号或说明中的数字）" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var before = await _admin.GetAsync($"/api/plan-drafts/{id}");
        var ready = await before.Json();
        ready.GetProperty("problems").GetArrayLength().ShouldBe(0, ready.GetProperty("problems").ToString());
        ready.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("standing").GetString()).Distinct().ShouldBe(["Agrees"]);

        var adoption = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/adoption", new { expectedVersion = ready.GetProperty("version").GetInt64() });
        adoption.StatusCode.ShouldBe(HttpStatusCode.Created, await adoption.Content.ReadAsStringAsync());

        // Item by item, the same events as the seed loader recorded for qingzhou-2024 (plan id and actor aside).
        foreach (var indicator in seed.Indicators)
            await SameEvents($"qingzhou-2024/{indicator.Code}", $"{Reviewed}/{indicator.Code}");
        foreach (var task in seed.Tasks)
            await SameEvents($"qingzhou-2024/{task.Code}", $"{Reviewed}/{task.Code}");
        await SameEvents("qingzhou-2024", Reviewed);
        // Last year's results were checked, not started again: each 2023 stream still holds only what the seed loader wrote.
        foreach (var result in seed.Results)
            (await _host.Events($"qingzhou-2023/{result.Code}")).Count.ShouldBe(3);

        // Every step is an event of the draft; none changes it after adoption.
        var history = (await (await _admin.GetAsync($"/api/plan-drafts/{id}/history")).Json()).EnumerateArray().Select(e => e.GetProperty("step").GetString()).ToList();
        history.First().ShouldBe("draft_opened");
        history.Last().ShouldBe("draft_adopted");
        history.ShouldContain("draft_item_added");
        var late = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/accepted", new { items = new[] { "p1" } });
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The adopted plan exports as the seed file it stands for: the same as the seed plan's own export, but for its id.
        var exported = await Export(Reviewed);
        var original = await Export("qingzhou-2024");
        exported.Plan.Id.ShouldBe(Reviewed);
        exported.Plan.Id = original.Plan.Id;
        Yaml(exported).ShouldBe(Yaml(original));
    }

    [Fact]
    public async Task The_export_of_the_seed_plan_is_the_seed_file_and_loads_back_as_the_same_plan()
    {
        var original = await Export("qingzhou-2024");
        var seed = SeedFiles.Read(Path.Combine(Seeds.Directory, "plan-2024.yaml"));
        // The seed file, in the export's order (by code), without what the store does not hold (the clauses deliberately left out).
        seed.Excluded = [];
        seed.Indicators = seed.Indicators.OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        seed.Results = seed.Results.OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        seed.Tasks = seed.Tasks.OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        Yaml(original).ShouldBe(Yaml(seed));
    }

    [Fact]
    public async Task Last_years_results_that_differ_from_the_store_are_shown_and_block_adoption()
    {
        var seed = Seeds.Plan2024;
        var (id, draft) = await Open();
        (await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/plan", Describe(seed, "qingzhou-2024-differs") with { Round = null })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = seed.Results.First(r => r.Code == "INDUSTRIAL-OUTPUT");
        var (start, length) = Locate(result.Source);
        var added = await (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/items",
            new { kind = "Result", start, length, fields = new { code = result.Code, name = result.Name, value = result.Value + 1, unit = result.Unit, period = result.Period, owner = "gxj" } })).Json();
        var rest = added.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "Proposed").Select(i => i.GetProperty("id").GetString()).ToList();
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/dropped", new { items = rest, reason = "只核对一项" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var view = await (await _admin.GetAsync($"/api/plan-drafts/{id}")).Json();
        var check = view.GetProperty("results").EnumerateArray().Single();
        (check.GetProperty("standing").GetString(), check.GetProperty("stored").GetDecimal()).ShouldBe(("Differs", result.Value));

        var refused = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/adoption", new { });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Json();
        problem.GetProperty("clerk").GetString()!.ShouldContain("不一致");
        problem.GetProperty("errors").GetProperty("results")[0].GetString()!.ShouldContain($"{result.Value + 1}");
        (await _admin.GetAsync("/api/plans/qingzhou-2024-differs")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Events($"qingzhou-2023/{result.Code}")).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Review_steps_that_cannot_apply_are_refused_and_change_nothing()
    {
        var (id, draft) = await Open();
        var version = draft.GetProperty("version").GetInt64();
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/accepted", new { items = new[] { "p999" } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var named = draft.GetProperty("items").EnumerateArray().First(i => i.GetProperty("fields").GetProperty("name").GetString() is { Length: > 0 }).GetProperty("id").GetString();
        var badUnit = await _admin.PutAsJsonAsync($"/api/plan-drafts/{id}/items/{named}", new { fields = new { unit = "斤两" } });
        badUnit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badUnit.ProblemErrors()).Keys.ShouldContain("unit");
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/items", new { kind = "Task", start = _text.Length, length = 5 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/dropped", new { items = new[] { "p1" } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/adoption", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var stale = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/accepted", new { items = new[] { "p1" }, expectedVersion = version + 5 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _host.ClientAs("li.wei", "gxj").GetAsync($"/api/plan-drafts/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await _admin.GetAsync($"/api/plan-drafts/{id}")).Json()).GetProperty("version").GetInt64().ShouldBe(version);

        // A split makes two items of one; a merge one of two; both keep the replaced items in the history.
        var item = draft.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == named);
        var (s, l) = (item.GetProperty("start").GetInt32(), item.GetProperty("length").GetInt32());
        var splitting = await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/items/{named}/split",
            new { parts = new[] { new { start = s, length = l - 1 }, new { start = s + 1, length = l - 1 } } });
        splitting.StatusCode.ShouldBe(HttpStatusCode.OK, await splitting.Content.ReadAsStringAsync());
        var split = await splitting.Json();
        split.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("status").GetString() == "Replaced").ShouldBe(1);
        var parts = split.GetProperty("items").EnumerateArray().TakeLast(2).Select(i => i.GetProperty("id").GetString()).ToArray();
        var merged = await (await _admin.PostAsJsonAsync($"/api/plan-drafts/{id}/merges", new { items = parts })).Json();
        var last = merged.GetProperty("items").EnumerateArray().Last();
        (last.GetProperty("start").GetInt32(), last.GetProperty("length").GetInt32()).ShouldBe((s, l));
        merged.GetProperty("version").GetInt64().ShouldBe(version + 2);
    }

    private async Task<(string Id, JsonElement Draft)> Open()
    {
        var response = await _admin.PostAsync($"/api/plan-drafts?name={Seeds.Plan2024.Plan.Document}", new ByteArrayContent(Encoding.UTF8.GetBytes(_text)));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var draft = await response.Json();
        return (draft.GetProperty("id").GetString()!, draft);
    }

    private sealed record PlanBody(string Id, int Year, string Region, string Title, string AdoptedOn, string AdoptedBy, string PreviousPlanId,
        object Departments, object Chapters, object? Round);

    private static PlanBody Describe(PlanSeed seed, string id) => new(id, seed.Plan.Year, seed.Plan.Region, seed.Plan.Title, seed.Plan.AdoptedOn,
        seed.Plan.AdoptedBy, seed.Plan.PreviousPlanId,
        seed.Departments.Select(d => new { d.Code, d.Name }), seed.Chapters.Select(c => new { c.Code, c.Title }),
        seed.Round is { } round ? new
        {
            levels = round.Levels.Select(l => new { l.Code, l.Name, l.Role, l.OwnDepartment, l.DueDaysAfterDeadline }),
            rules = round.Rules.Select(r => new { r.Id, r.Name, kind = Pascal(r.Kind), severity = Pascal(r.Severity), r.Indicator, r.Min, r.Max, r.Other, r.Clause }),
            window = round.Window is { } w ? new { w.OpensAfterPeriodEndDays, w.ClosesAfterDeadlineDays } : null,
        } : null);

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    // Each seed item as the review request that makes it: kind, code, clause, figure and fields.
    private static IEnumerable<(string Kind, string Code, string Source, decimal? Value, object Fields)> SeedItems(PlanSeed seed)
    {
        foreach (var r in seed.Results)
            yield return ("Result", r.Code, r.Source, r.Value, new
            {
                r.Code, r.Name, r.Chapter, measure = Pascal(r.Measure), r.Unit, r.Value, r.Period, r.Owner,
            });
        foreach (var i in seed.Indicators)
            yield return ("Target", i.Code, i.Source, i.Target, new
            {
                i.Code, i.Name, i.Chapter, measure = Pascal(i.Measure), valueKind = Pascal(i.ValueKind), frequency = Pascal(i.Frequency), i.Unit,
                value = i.Target, comparator = Pascal(i.Comparator), i.Tolerance, i.Owner, i.OwnerAssigned, baseline = i.Baseline ?? "",
            });
        foreach (var t in seed.Tasks)
            yield return ("Task", t.Code, t.Source, null, new { t.Code, name = t.Text, t.Chapter, t.Owner, t.OwnerAssigned });
    }

    // Where a seed clause stands in the document: its first occurrence, the page layout's line breaks ignored.
    private (int Start, int Length) Locate(string source)
    {
        var flat = new StringBuilder();
        var at = new List<int>();
        for (var i = 0; i < _text.Length; i++)
            if (_text[i] is not ('\n' or '\r'))
            {
                flat.Append(_text[i]);
                at.Add(i);
            }
        var found = flat.ToString().IndexOf(source, StringComparison.Ordinal);
        found.ShouldBeGreaterThanOrEqualTo(0, source);
        var start = at[found];
        return (start, at[found + source.Length - 1] + 1 - start);
    }

    private async Task SameEvents(string seeded, string reviewed)
    {
        var expected = (await _host.Events(seeded)).Select(e => Normal(e.Data, "qingzhou-2024")).ToList();
        var actual = (await _host.Events(reviewed)).Select(e => Normal(e.Data, Reviewed)).ToList();
        actual.Count.ShouldBeGreaterThan(0, reviewed);
        // The seeded plan's stream may hold later events (the test host opens every window); the founding ones are compared.
        expected.Take(actual.Count).ShouldBe(actual, reviewed);
    }

    // An event's JSON without who recorded it, with the plan id written as one placeholder.
    private static string Normal(object data, string planId)
    {
        var node = JsonSerializer.SerializeToNode(data, data.GetType())!.AsObject();
        node.Remove("Actor");
        return data.GetType().Name + node.ToJsonString().Replace($"\"{planId}\"", "\"PLAN\"", StringComparison.Ordinal);
    }

    private async Task<PlanSeed> Export(string planId)
    {
        var response = await _admin.GetAsync($"/api/plans/{planId}/export");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<PlanSeed>(await response.Content.ReadAsStringAsync());
    }

    private static string Yaml(PlanSeed seed) => PlanExport.Yaml(seed);
}
