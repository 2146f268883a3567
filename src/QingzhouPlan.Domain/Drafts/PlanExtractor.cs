using System.Globalization;
using System.Text.RegularExpressions;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>
/// Reads a plan document of the genre (国民经济和社会发展计划/规划): a part reviewing last year (执行情况) whose
/// quantities are results, and a part of the year's targets and tasks (主要预期目标, then chapters （一）…) whose
/// quantities are targets. A quantity is a number followed by a measure word of the genre (亿元, 万人, 个, 家, 处, %…);
/// its comparator is the word after it (以上, 左右, 以内) or the nearest one before it in its clause (突破, 超过, 力争,
/// 争取, 控制在, 不超过, 不低于), else 达到. Dates, ordinals and names that carry digits (5G, 3D, 309国道) have no measure
/// word after them and so are never proposed. Rules of the genre only: no model, no network, no text-specific lists.
/// </summary>
public static partial class PlanExtractor
{
    // Measure words of the genre, with their magnitude prefixes; longest first so 万平方米 wins over 平方米 over 米.
    private static readonly string[] BaseUnits =
    [
        "个百分点", "平方米", "立方米", "人次", "场次", "千瓦", "兆瓦", "公里", "千米", "公顷", "美元", "元", "人", "户", "亩", "株", "个", "家", "处",
        "项", "条", "张", "场", "件", "种", "所", "座", "列", "车", "吨", "辆", "台", "套", "名", "位", "间", "栋", "部", "批", "床", "米", "%",
        "微克/立方米", "μg/m3", "μg/m³",
    ];

    private static readonly string[] BaseByLength = BaseUnits.OrderByDescending(u => u.Length).ToArray();

    private static readonly string[] Magnitudes = ["亿", "万", "千"];

    private const string ClauseBreaks = "，。；：、！？\n（）(),;:";

    public static DraftProposal Extract(string document)
    {
        var text = document.Replace('％', '%');
        var parts = Parts(text);
        var chapters = Chapters(text, parts);
        var quantities = new List<QuantityProposal>();
        foreach (Match m in Number().Matches(text))
        {
            if (UnitAt(text, m.Index + m.Length) is not { } unit)
                continue;
            // A digit glued to letters (5G, 3D) or a number inside a longer code is a name, not a quantity.
            if (m.Index > 0 && char.IsAsciiLetter(text[m.Index - 1]))
                continue;
            var kind = parts.Where(p => p.Start <= m.Index).Select(p => p.Kind).LastOrDefault();
            if (kind is null)
                continue;
            var (clauseStart, clauseEnd) = Clause(text, m.Index);
            var afterUnit = unit.End;
            var comparator = kind == QuantityKind.Target ? ComparatorOf(text, clauseStart, m.Index, ListEnd(text, afterUnit)) : (Comparator?)null;
            var name = NameOf(text, clauseStart, m.Index);
            var value = decimal.Parse(m.Value, NumberStyles.Number, CultureInfo.InvariantCulture);
            // Last year's fall is a negative growth (工业投资下降7.3%); a target to lower something keeps its figure.
            if (kind == QuantityKind.Result && unit.Unit == "%" && text[clauseStart..m.Index].TrimEnd().EndsWith("下降", StringComparison.Ordinal))
                value = -value;
            var chapter = chapters.Where(c => c.Start <= m.Index).Select(c => c.Code).LastOrDefault() ?? "";
            var end = Math.Max(clauseEnd, afterUnit);
            quantities.Add(new QuantityProposal(kind.Value, name, value, unit.Unit, comparator, MeasureOf(unit.Unit, name), chapter,
                text[clauseStart..end].Trim(), clauseStart, end - clauseStart, Confidence(name, comparator, kind.Value)));
        }
        return new DraftProposal(Header(text), chapters, quantities, Tasks(text, parts, chapters, quantities));
    }

    // Verbs a task of the genre opens with (what the county will do), and the adverbs that may lead into them.
    private static readonly string[] TaskVerbs =
    [
        "建立", "建设", "推进", "推动", "实施", "开展", "加快", "加强", "深化", "强化", "打造", "创建", "争创", "做好", "抓好", "抓实", "提升", "提高",
        "完善", "健全", "培育", "发展", "实现", "确保", "保障", "落实", "优化", "拓展", "防范", "化解", "守住", "守牢", "打击", "举办", "运营", "规划",
        "启动", "制定", "巩固", "打好", "促进", "扩大", "支持", "构建", "壮大", "筑牢", "创新", "组织", "办好", "用好", "稳定", "保持", "坚持",
        "完成",
    ];

    private static readonly string[] TaskAdverbs =
    [
        "全力", "积极", "持续", "全面", "深入", "大力", "重点", "切实", "高标准", "高质量", "常态化", "依法依规", "牢牢", "严厉", "稳步", "着力",
        "扎实", "不断", "进一步", "继续", "加快", "统筹", "有序", "稳妥", "同步",
    ];

    // A task is a clause of the targets part, from 主要预期目标 on, that opens with a verb of the genre (after its adverbs)
    // and holds no quantity: its figure would make it a target. Clauses break at ，。；： and line ends.
    private static List<TaskProposal> Tasks(string text, IReadOnlyList<Part> parts, IReadOnlyList<ChapterProposal> chapters, IReadOnlyList<QuantityProposal> quantities)
    {
        var tasks = new List<TaskProposal>();
        if (chapters.Count == 0)
            return tasks;
        var from = chapters[0].Start;
        var to = parts.FirstOrDefault(p => p.Start > from && p.Kind != QuantityKind.Target)?.Start ?? text.Length;
        var at = from;
        while (at < to)
        {
            var end = ClauseEnd(text, at, to);
            var clause = text[at..end];
            var trimmed = clause.TrimStart(' ', '　', '\t', '\n', '\r');
            var start = at + (clause.Length - trimmed.Length);
            trimmed = trimmed.TrimEnd();
            at = end + 1;
            var words = trimmed.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
            if (words.Length is < 6 or > 80 || quantities.Any(q => q.Start < start + trimmed.Length && start < q.Start + q.Length))
                continue;
            if (OpensWithVerb(words, adverbs: 2) is not { } adverbsUsed)
                continue;
            var chapter = chapters.Where(c => c.Start <= start).Select(c => c.Code).LastOrDefault() ?? "";
            tasks.Add(new TaskProposal(words, chapter, start, trimmed.Length, adverbsUsed > 0 ? 0.6 : 0.5));
        }
        return tasks;
    }

    // How many adverbs lead to a verb of the genre at the clause's start (加快 is both: 加快推进…, 加快…建设), or null.
    // A clause opening with a preposition (对…实施大中修, 与…联合打造) has its verb further on.
    private static int? OpensWithVerb(string clause, int adverbs)
    {
        if (TaskVerbs.Any(v => clause.StartsWith(v, StringComparison.Ordinal)))
            return 0;
        if (clause[0] is '对' or '与' or '为' or '向' && TaskVerbs.Any(v => clause.IndexOf(v, 2, StringComparison.Ordinal) > 0))
            return 1;
        if (adverbs == 0)
            return null;
        foreach (var adverb in TaskAdverbs.Where(a => clause.StartsWith(a, StringComparison.Ordinal) && clause.Length > a.Length + 2))
            if (OpensWithVerb(clause[adverb.Length..], adverbs - 1) is { } more)
                return more + 1;
        return null;
    }

    // The end of the clause from `at`: the next ，。；：, or a line end after a finished sentence or a heading, or before one.
    private static int ClauseEnd(string text, int at, int to)
    {
        for (var i = at; i < to; i++)
        {
            if ("，。；：".Contains(text[i]))
                return i;
            if (text[i] != '\n')
                continue;
            // Blank lines of a page break inside a sentence do not end it: what counts is the last line with words.
            var sofar = text[at..i].TrimEnd();
            if (sofar.Length == 0)
                continue;
            var line = sofar[(sofar.LastIndexOf('\n') + 1)..];
            var after = text[(i + 1)..Math.Min(to, i + 12)].TrimStart();
            if ("。；：！？".Contains(sofar[^1]) || SectionHeading().IsMatch(line) || PartHeading().IsMatch(line)
                || after.StartsWith('（') || PartStart().IsMatch(after))
                return i;
        }
        return to;
    }

    private sealed record Part(int Start, QuantityKind? Kind);

    // The document's top-level parts (一、二、…): the review of last year (执行情况) holds results; the part with the
    // year's targets holds targets, from its 主要预期目标 on. Text before the first part (the notice) holds neither.
    private static List<Part> Parts(string text)
    {
        var parts = new List<Part>();
        foreach (Match heading in PartHeading().Matches(text))
        {
            var title = heading.Groups[1].Value;
            QuantityKind? kind = title.Contains("执行情况", StringComparison.Ordinal) ? QuantityKind.Result
                : title.Contains("目标", StringComparison.Ordinal) || title.Contains("任务", StringComparison.Ordinal) || title.Contains("计划", StringComparison.Ordinal)
                    || title.Contains("规划", StringComparison.Ordinal) ? QuantityKind.Target
                : null;
            parts.Add(new Part(heading.Index, kind));
        }
        if (parts.Count == 0)
            parts.Add(new Part(0, QuantityKind.Target));
        return parts;
    }

    // Chapters of the targets part: 主要预期目标 (code 目标), then each （一）… line, titled by its first sentence.
    private static List<ChapterProposal> Chapters(string text, IReadOnlyList<Part> parts)
    {
        var chapters = new List<ChapterProposal>();
        var targets = parts.FirstOrDefault(p => p.Kind == QuantityKind.Target)?.Start ?? 0;
        var expected = text.IndexOf("主要预期目标", targets, StringComparison.Ordinal);
        if (expected >= 0)
            chapters.Add(new ChapterProposal("目标", "主要预期目标", expected));
        foreach (Match section in SectionHeading().Matches(text))
            if (section.Index > targets)
                chapters.Add(new ChapterProposal(section.Groups[1].Value, section.Groups[2].Value.Trim(), section.Index));
        return chapters.OrderBy(c => c.Start).ToList();
    }

    // The measure word after a number: an optional magnitude (万, 亿), an optional 余/多 (1 万余人, 1000 多场: the round
    // figure is the one stated), then a measure word of the genre; the unit is the magnitude and the measure word.
    private static (string Unit, int End)? UnitAt(string text, int at)
    {
        var i = Skip(text, at, ' ');
        var magnitude = Magnitudes.FirstOrDefault(m => string.CompareOrdinal(text, i, m, 0, m.Length) == 0) ?? "";
        i = Skip(text, i + magnitude.Length, '余', '多', ' ');
        foreach (var unit in BaseByLength)
            if (string.CompareOrdinal(text, i, unit, 0, unit.Length) == 0)
            {
                if (magnitude.Length > 0 && unit is "%" or "个百分点")
                    return null;
                // 个 before 月/年 (3 个月) is a span of time, not a count.
                var next = i + unit.Length < text.Length ? text[i + unit.Length] : ' ';
                if (unit == "个" && next is '月' or '年' or '工' or '小')
                    return null;
                return (magnitude + unit, i + unit.Length);
            }
        return null;
    }

    // 城乡居民收入分别增长6.5%、8%左右: the word after the last of a list joined by 、 or 和 is every item's comparator.
    private static int ListEnd(string text, int afterUnit)
    {
        var end = afterUnit;
        while (true)
        {
            var next = Skip(text, end, ' ');
            if (next >= text.Length || text[next] is not ('、' or '和'))
                return end;
            var number = Number().Match(text, Skip(text, next + 1, ' '));
            if (!number.Success || number.Index != Skip(text, next + 1, ' ') || UnitAt(text, number.Index + number.Length) is not { } unit)
                return end;
            end = unit.End;
        }
    }

    private static int Skip(string text, int at, params char[] skipped)
    {
        while (at < text.Length && skipped.Contains(text[at]))
            at++;
        return at;
    }

    private static (int Start, int End) Clause(string text, int at)
    {
        var start = text.LastIndexOfAny(ClauseBreaks.ToCharArray(), at) + 1;
        var end = text.IndexOfAny(ClauseBreaks.ToCharArray(), at);
        return (start, end < 0 ? text.Length : end);
    }

    private static Comparator ComparatorOf(string text, int clauseStart, int number, int afterUnit)
    {
        var after = text[afterUnit..Math.Min(text.Length, afterUnit + 3)].TrimStart();
        if (after.StartsWith("以上", StringComparison.Ordinal))
            return Comparator.AtLeast;
        if (after.StartsWith("左右", StringComparison.Ordinal))
            return Comparator.Approximately;
        if (after.StartsWith("以内", StringComparison.Ordinal) || after.StartsWith("以下", StringComparison.Ordinal))
            return Comparator.AtMost;
        // The nearest word before the number, since the previous quantity of the clause.
        var lead = text[PreviousQuantityEnd(text, clauseStart, number)..number];
        var words = new (string Word, Comparator Comparator)[]
        {
            ("突破", Comparator.Exceed), ("超过", Comparator.Exceed), ("力争", Comparator.Strive), ("争取", Comparator.Strive),
            ("控制在", Comparator.AtMost), ("不超过", Comparator.AtMost), ("不高于", Comparator.AtMost), ("不低于", Comparator.AtLeast),
        };
        return words.Select(w => (w.Comparator, At: lead.LastIndexOf(w.Word, StringComparison.Ordinal))).Where(w => w.At >= 0)
            .OrderByDescending(w => w.At).Select(w => (Comparator?)w.Comparator).FirstOrDefault() ?? Comparator.Reach;
    }

    // The indicator as worded: the clause up to the number, without the comparator words that lead into it.
    private static string NameOf(string text, int clauseStart, int number)
    {
        var name = text[PreviousQuantityEnd(text, clauseStart, number)..number];
        foreach (var word in new[] { "力争", "争取", "突破", "超过", "控制在", "不超过", "不高于", "不低于", "达到", "分别" })
            name = name.Replace(word, "", StringComparison.Ordinal);
        return Regex.Replace(name, @"\s+", "").Trim('“', '”', '"', ' ');
    }

    // Where the clause's previous quantity ends (its unit included), or the clause's start: digits of a name (5G基站)
    // are no quantity, so the name runs on through them.
    private static int PreviousQuantityEnd(string text, int clauseStart, int number)
    {
        var end = clauseStart;
        foreach (Match m in Number().Matches(text[clauseStart..number]))
            if (UnitAt(text, clauseStart + m.Index + m.Length) is { } unit && !(m.Index > 0 && char.IsAsciiLetter(text[clauseStart + m.Index - 1])))
                end = Math.Min(unit.End, number);
        return end;
    }

    private static MeasureKind MeasureOf(string unit, string name) =>
        unit is "%" or "个百分点" ? name.Contains("增长", StringComparison.Ordinal) || name.Contains("增速", StringComparison.Ordinal)
            || name.Contains("下降", StringComparison.Ordinal) ? MeasureKind.GrowthRate : MeasureKind.LevelRatio
        : unit.EndsWith('元') ? MeasureKind.Amount
        : MeasureKind.Count;

    // Sure when a word of the genre frames it (a comparator, a named indicator); less so for a bare number with no name.
    private static double Confidence(string name, Comparator? comparator, QuantityKind kind) =>
        Math.Round((name.Length >= 2 ? 0.6 : 0.3) + (kind == QuantityKind.Result || comparator is not Comparator.Reach ? 0.3 : 0.2), 2);

    private static HeaderProposal Header(string text)
    {
        var title = Title().Match(text);
        var year = title.Success ? int.Parse(title.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        var issuer = Issuer().Match(text);
        var date = Date().Match(text);
        DateOnly? adopted = date.Success
            ? new DateOnly(int.Parse(date.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(date.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(date.Groups[3].Value, CultureInfo.InvariantCulture))
            : null;
        var number = DocumentNumber().Match(text);
        return new HeaderProposal(issuer.Success ? issuer.Value.Trim() : null, year,
            title.Success ? Regex.Replace(title.Value, @"\s+", "") : null, adopted, number.Success ? number.Value : null);
    }

    [GeneratedRegex(@"(?<![\d.])\d+(?:\.\d+)?(?![\d])")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?m)^\s*[一二三四五六七八九十]+、(.{2,80})$")]
    private static partial Regex PartHeading();

    [GeneratedRegex(@"(?m)^\s*（([一二三四五六七八九十]+)）([^。\n]{2,40})")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"(?m)^\s*[^\s\d]{0,12}\s*(\d{4})\s*年国民经济和社会发展(?:规划|计划)\s*$")]
    private static partial Regex Title();

    [GeneratedRegex("^[一二三四五六七八九十]+、")]
    private static partial Regex PartStart();

    [GeneratedRegex(@"(?m)^\s*\S{2,20}(?:人民政府|发展和改革委员会|发展和改革局)\s*$")]
    private static partial Regex Issuer();

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")]
    private static partial Regex Date();

    [GeneratedRegex(@"\S{1,6}〔\d{4}〕\d+号")]
    private static partial Regex DocumentNumber();
}
