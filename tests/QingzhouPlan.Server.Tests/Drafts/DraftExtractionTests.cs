using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Drafts;

/// <summary>
/// A plan document read over HTTP into proposals, as text or as a Word file, and bad files refused in words: empty,
/// not text, too large, with macros, linking outside, or not a plan at all.
/// </summary>
public sealed class DraftExtractionTests : IAsyncLifetime
{
    private const string Extraction = "/api/plan-drafts/extraction";
    private const string Drafts = "/api/plan-drafts";
    private readonly PlanHost _host = new();
    private HttpClient _admin = null!;
    private string _seed = "";

    public Task InitializeAsync()
    {
        _admin = _host.ClientAs("zhang.admin", "fgj", "admin");
        _seed = File.ReadAllText(Path.Combine(Repository.Root, "seeds", "qingzhou-2024-plan.txt"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_seed_document_as_text_or_as_a_word_file_gives_the_same_proposals()
    {
        var fromText = await (await Send(Encoding.UTF8.GetBytes(_seed), "text/plain")).Json();
        var fromWord = await (await Send(Word(_seed), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).Json();

        fromText.GetProperty("header").GetProperty("year").GetInt32().ShouldBe(2024);
        var targets = fromText.GetProperty("quantities").EnumerateArray().Where(q => q.GetProperty("kind").GetString() == "Target").ToList();
        targets.Count.ShouldBe(40);
        var gdp = targets.First(q => q.GetProperty("name").GetString()!.StartsWith("地区生产总值", StringComparison.Ordinal));
        (gdp.GetProperty("value").GetDecimal(), gdp.GetProperty("unit").GetString(), gdp.GetProperty("comparator").GetString()).ShouldBe((5.5m, "%", "Approximately"));
        var (start, length) = (gdp.GetProperty("start").GetInt32(), gdp.GetProperty("length").GetInt32());
        _seed.Substring(start, length).ShouldBe(gdp.GetProperty("clause").GetString());

        Values(fromWord).ShouldBe(Values(fromText));
    }

    [Theory]
    [InlineData(Extraction)]
    [InlineData(Drafts)]
    public async Task Bad_files_are_refused_in_words_and_nothing_is_recorded(string route)
    {
        Route = route;
        (await Refusal(await Send([], "text/plain"), HttpStatusCode.BadRequest)).ShouldContain("空的");
        (await Refusal(await Send([0x00, 0xFF, 0xFE, 0x01, 0x02], "application/octet-stream"), HttpStatusCode.BadRequest)).ShouldContain("UTF-8");
        (await Refusal(await Send(Encoding.UTF8.GetBytes("春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。"), "text/plain"), HttpStatusCode.UnprocessableEntity))
            .ShouldContain("不像国民经济和社会发展计划");
        (await Refusal(await Send(Word(_seed, macros: true), "application/vnd.ms-word.document.macroEnabled.12"), HttpStatusCode.BadRequest)).ShouldContain("宏");
        (await Refusal(await Send(Word(_seed, externalLink: true), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), HttpStatusCode.BadRequest))
            .ShouldContain("外部文件");
        (await Send(new byte[50 * 1024 * 1024], "text/plain")).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await _host.ClientAs("li.wei", "gxj").PostAsync(Route, new ByteArrayContent(Encoding.UTF8.GetBytes(_seed)))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _admin.GetFromJsonList(Drafts)).ShouldBeEmpty();
    }

    private string Route { get; set; } = Extraction;

    private Task<HttpResponseMessage> Send(byte[] body, string type)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return _admin.PostAsync(Route, content);
    }

    private static async Task<string> Refusal(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        return (await response.Json()).GetProperty("clerk").GetString()!;
    }

    private static List<string> Values(System.Text.Json.JsonElement draft) =>
        draft.GetProperty("quantities").EnumerateArray().Select(q => $"{q.GetProperty("kind")} {q.GetProperty("value")} {q.GetProperty("unit")} {q.GetProperty("comparator")}").ToList();

    // The document as a Word file: one paragraph per line, and on request a macro project or a linked outside file.
    private static byte[] Word(string text, bool macros = false, bool externalLink = false)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, macros ? DocumentFormat.OpenXml.WordprocessingDocumentType.MacroEnabledDocument
                   : DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body(text.Split('\n').Select(line => new Paragraph(new Run(new Text(line) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve })))));
            if (macros)
                using (var vba = main.AddNewPart<VbaProjectPart>().GetStream())
                    vba.Write([1, 2, 3]);
            if (externalLink)
                main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", new Uri("http://example.invalid/template.dotm"));
        }
        return stream.ToArray();
    }
}
