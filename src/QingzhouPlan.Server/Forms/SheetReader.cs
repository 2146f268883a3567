using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Forms.Reading;

namespace QingzhouPlan.Server.Forms;

/// <summary>One sheet of a form, row by row, into entries and findings.</summary>
internal sealed class SheetReader(
    SheetCells sheet, List<FormFinding> findings, List<FormEntry> entries, Dictionary<(string, string), string> letters)
{
    /// <summary>The first rows, where the headings are looked for.</summary>
    public const int HeadingRowsSearched = 10;

    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Code, string Key), int> _seen = [];

    private string Name => sheet.Name;

    public void Read(string[] required)
    {
        var headingRow = FindHeadings();
        if (required.FirstOrDefault(h => !_columns.ContainsKey(h)) is { } missing)
        {
            findings.Add(FormFinding.OfFile($"工作表「{Name}」缺少「{missing}」列"));
            return;
        }
        for (var row = headingRow + 1; row <= sheet.LastRow; row++)
            if (Name == FormColumns.FiguresSheet)
                FigureRow(row);
            else
                TaskRow(row);
    }

    // The headings are looked for in the first rows, by their text, so inserted columns and rows move nothing.
    private int FindHeadings()
    {
        for (var row = 1; row <= HeadingRowsSearched; row++)
        {
            var cells = sheet.Row(row).ToList();
            if (!cells.Any(c => FormReader.Clean(c.Cell.Text) == FormColumns.Code))
                continue;
            foreach (var (column, cell) in cells)
            {
                var heading = FormReader.Clean(cell.Text);
                if (heading.Length > 0 && _columns.TryAdd(heading, column))
                    letters[(Name, heading)] = CellAddress.Letters(column);
            }
            return row;
        }
        return FormTemplate.HeadingRow;
    }

    private void FigureRow(int row)
    {
        var code = Text(row, FormColumns.Code);
        var value = Cell(row, FormColumns.Value);
        var note = Text(row, FormColumns.Note, shareMerged: true);
        if (code is null || value is null)
            return;
        if (code.Length == 0)
        {
            // A signature line or a remark below the table: said, not read. A blank row is passed over in silence.
            if (sheet.Row(row).Any())
                findings.Add(FormFinding.Note(Name, row, null, "没有代码，已略过"));
            return;
        }
        if (value.Value.IsEmpty)
            return;
        var periodText = Text(row, FormColumns.Period);
        var unit = Text(row, FormColumns.Unit);
        if (periodText is null || unit is null)
            return;
        if (!Period.TryParse(periodText, out var period, out _))
        {
            Error(row, FormColumns.Period, periodText.Length == 0 ? "必填" : $"「{periodText}」不是期别（月 YYYY-MM、季 YYYY-Q1…Q4、半年 YYYY-H1/H2 或年 YYYY）");
            return;
        }
        if (unit.Length == 0)
        {
            Error(row, FormColumns.Unit, "必填");
            return;
        }
        if (note is { Length: > Domain.TextLimit.Characters })
        {
            Error(row, FormColumns.Note, $"超过 {Domain.TextLimit.Characters} 字");
            return;
        }
        if (Figure(row, value.Value) is not { } figure || Duplicate(row, code, period.ToString()))
            return;
        entries.Add(new FigureEntry(Name, row, code, period, figure.Value, unit, note is { Length: > 0 } ? note : null, figure.FromFormula));
    }

    private void TaskRow(int row)
    {
        var code = Text(row, FormColumns.Code);
        var status = Text(row, FormColumns.NewStatus);
        var narrative = Text(row, FormColumns.Narrative, shareMerged: true);
        if (code is null || status is null || narrative is null || (status.Length == 0 && narrative.Length == 0))
            return;
        if (code.Length == 0)
        {
            findings.Add(FormFinding.Note(Name, row, null, "没有代码，已略过"));
            return;
        }
        var choices = string.Join("、", FormColumns.Choosable.Select(FormColumns.Describe));
        if (status.Length == 0)
            Error(row, FormColumns.NewStatus, $"必填：请选择 {choices}");
        else if (FormColumns.StatusNamed(status) is not { } chosen)
            Error(row, FormColumns.NewStatus, $"「{status}」不是可选的状态（{choices}）");
        else if (!Duplicate(row, code, ""))
            entries.Add(new ProgressEntry(Name, row, code, chosen, narrative));
    }

    private (decimal Value, bool FromFormula)? Figure(int row, SheetCell cell)
    {
        if (cell.Kind == CellKind.NoResult)
        {
            Error(row, FormColumns.Value, NoResult(cell));
            return null;
        }
        var number = cell.Kind == CellKind.Number ? FormReader.FromStored(cell.Text) : FormNumber.Parse(cell.Text);
        if (number is null)
        {
            Error(row, FormColumns.Value, cell.IsFormula
                ? $"{AFormula(cell)}，计算结果「{FormReader.Clean(cell.Text)}」不是数字"
                : $"不是数字（「{FormReader.Clean(cell.Text)}」）");
            return null;
        }
        if (cell.IsFormula)
            findings.Add(Located(FormFinding.Note(Name, row, FormColumns.Value, $"{AFormula(cell)}，按文件中的计算结果 {number} 读取")));
        return (number.Value, cell.IsFormula);
    }

    // The file holds a formula but not its result; the server never calculates one (a formula can cost anything).
    private static string NoResult(SheetCell cell) =>
        $"{AFormula(cell)}，但文件里没有可用的计算结果；请粘贴为数值，或在 Excel 中计算并保存后再上传";

    // A shared formula's later cells store no text of their own.
    private static string AFormula(SheetCell cell) => cell.Formula is { Length: > 0 } formula ? $"是公式（={formula}）" : "是公式";

    private bool Duplicate(int row, string code, string key)
    {
        if (_seen.TryGetValue((code, key), out var first))
        {
            Error(row, FormColumns.Code, $"与第{first}行重复（{(key.Length == 0 ? code : $"{code} {key}")}）");
            return true;
        }
        _seen[(code, key)] = row;
        return false;
    }

    /// <summary>
    /// The cell under a heading. A cell merged with rows above belongs to none of them for certain, so it is
    /// refused — unless the column may be shared (a note or narrative written once for several rows).
    /// Null after a finding.
    /// </summary>
    private SheetCell? Cell(int row, string heading, bool shareMerged = false)
    {
        // An optional heading the department deleted reads as an empty cell.
        if (!_columns.TryGetValue(heading, out var column))
            return SheetCell.Empty;
        if (sheet.MergeAt(row, column) is not { } merged || (merged.Top == row && merged.Left == column))
            return sheet.At(row, column);
        if (shareMerged && merged.Left == column)
            return sheet.At(merged.Top, merged.Left);
        Error(row, heading, $"与单元格 {merged.FirstAddress} 合并，无法判断属于哪一行；请取消合并后逐行填写");
        return null;
    }

    /// <summary>A cell's text, cleaned; null after a finding (a merged cell, a formula without its result, a control character).</summary>
    private string? Text(int row, string heading, bool shareMerged = false)
    {
        if (Cell(row, heading, shareMerged) is not { } cell)
            return null;
        if (cell.Kind == CellKind.NoResult)
        {
            Error(row, heading, NoResult(cell));
            return null;
        }
        if (FormReader.HasControlCharacters(cell.Text))
        {
            Error(row, heading, "含有控制字符");
            return null;
        }
        return FormReader.Clean(cell.Text);
    }

    private void Error(int row, string heading, string message) => findings.Add(Located(FormFinding.Error(Name, row, heading, message)));

    private FormFinding Located(FormFinding finding) =>
        _columns.TryGetValue(finding.Column ?? "", out var c) ? finding with { Cell = $"{Name}!{CellAddress.Of(finding.Row, c)}" } : finding;
}
