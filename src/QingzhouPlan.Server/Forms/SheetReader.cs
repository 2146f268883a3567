using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Server.Forms;

/// <summary>One sheet of a form, row by row, into entries and findings.</summary>
internal sealed class SheetReader(
    IXLWorksheet sheet, FormLimits limits, List<FormFinding> findings, List<FormEntry> entries, Dictionary<(string, string), string> letters)
{
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
        var last = sheet.LastRowUsed()?.RowNumber() ?? headingRow;
        if (last - headingRow > limits.MaxRows)
        {
            findings.Add(FormFinding.OfFile($"工作表「{Name}」有 {last - headingRow} 行，超过上限 {limits.MaxRows}"));
            return;
        }
        for (var row = headingRow + 1; row <= last; row++)
            if (Name == FormColumns.FiguresSheet)
                FigureRow(row);
            else
                TaskRow(row);
    }

    // The headings are looked for in the first rows, by their text, so inserted columns and rows move nothing.
    private int FindHeadings()
    {
        for (var row = 1; row <= 10; row++)
        {
            var cells = sheet.Row(row).CellsUsed().ToList();
            if (!cells.Any(c => FormReader.Clean(c.GetString()) == FormColumns.Code))
                continue;
            foreach (var cell in cells)
            {
                var heading = FormReader.Clean(cell.GetString());
                if (heading.Length > 0 && _columns.TryAdd(heading, cell.Address.ColumnNumber))
                    letters[(Name, heading)] = cell.Address.ColumnLetter;
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
            if (sheet.Row(row).CellsUsed().Any())
                findings.Add(FormFinding.Note(Name, row, null, "没有代码，已略过"));
            return;
        }
        if (value.IsEmpty())
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
        if (note is { Length: > Domain.Indicators.Corrections.MaxReasonLength })
        {
            Error(row, FormColumns.Note, $"超过 {Domain.Indicators.Corrections.MaxReasonLength} 字");
            return;
        }
        if (Figure(row, value) is not { } figure || Duplicate(row, code, period.ToString()))
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

    private (decimal Value, bool FromFormula)? Figure(int row, IXLCell cell)
    {
        if (cell.HasFormula)
        {
            var cached = cell.CachedValue;
            decimal? number = cached switch
            {
                double d => FormReader.FromDouble(d),
                string s => FormNumber.Parse(s),
                _ => null,
            };
            if (number is null)
            {
                Error(row, FormColumns.Value, $"是公式（={cell.FormulaA1}），但文件里没有可用的计算结果；请在 Excel 中计算并保存后再上传");
                return null;
            }
            findings.Add(Located(FormFinding.Note(Name, row, FormColumns.Value, $"是公式（={cell.FormulaA1}），按文件中的计算结果 {number} 读取")));
            return (number.Value, true);
        }
        if (cell.DataType == XLDataType.Number)
            return (FormReader.FromDouble(cell.GetDouble()), false);
        var text = cell.GetString();
        if (FormNumber.Parse(text) is { } parsed)
            return (parsed, false);
        Error(row, FormColumns.Value, $"不是数字（「{FormReader.Clean(text)}」）");
        return null;
    }

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
    private IXLCell? Cell(int row, string heading, bool shareMerged = false)
    {
        // An optional heading the department deleted reads as an empty cell (past the sheet's last column).
        if (!_columns.TryGetValue(heading, out var column))
            return sheet.Cell(row, XLHelper.MaxColumnNumber);
        var cell = sheet.Cell(row, column);
        if (!cell.IsMerged())
            return cell;
        var first = cell.MergedRange().FirstCell();
        if (first.Address.RowNumber == row && first.Address.ColumnNumber == column)
            return cell;
        if (shareMerged && first.Address.ColumnNumber == column)
            return first;
        Error(row, heading, $"与单元格 {first.Address.ToStringRelative()} 合并，无法判断属于哪一行；请取消合并后逐行填写");
        return null;
    }

    /// <summary>A cell's text, cleaned; null after a finding (a merged cell, a control character).</summary>
    private string? Text(int row, string heading, bool shareMerged = false)
    {
        if (Cell(row, heading, shareMerged) is not { } cell)
            return null;
        var raw = cell.HasFormula ? cell.CachedValue?.ToString() ?? "" : cell.GetString();
        if (FormReader.HasControlCharacters(raw))
        {
            Error(row, heading, "含有控制字符");
            return null;
        }
        return FormReader.Clean(raw);
    }

    private void Error(int row, string heading, string message) => findings.Add(Located(FormFinding.Error(Name, row, heading, message)));

    private FormFinding Located(FormFinding finding) =>
        _columns.TryGetValue(finding.Column ?? "", out var c) ? finding with { Cell = $"{Name}!{XLHelper.GetColumnLetterFromNumber(c)}{finding.Row}" } : finding;
}
