using System.IO.Compression;

namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// One worksheet's cells and merged ranges, streamed from its part. Empty cells (formatting only) are passed
/// over; every cell that holds something counts against the workbook's budget, and a cell below the last row
/// a form may have ends the read.
/// </summary>
internal sealed class WorksheetPart(string name, IReadOnlyList<string> sharedStrings, FormLimits limits, CellBudget budget)
{
    private readonly SheetCells _cells = new(name);
    private int _row;
    private int _nextColumn = 1;

    public SheetCells Read(ZipArchiveEntry entry, int lastRow, ReadLimit limit)
    {
        using var part = new PartReader(entry, limit);
        while (part.Next())
        {
            if (part.IsStart("row"))
                StartRow(part);
            else if (part.IsStart("c"))
                Cell(part, lastRow);
            else if (part.IsStart("mergeCell"))
                Merge(part);
        }
        return _cells;
    }

    private void StartRow(PartReader part)
    {
        _row = part.Attribute("r") is { } r ? int.TryParse(r, out var n) && n is >= 1 and <= CellAddress.MaxRow ? n : throw Broken($"行号「{r}」") : _row + 1;
        _nextColumn = 1;
    }

    private void Cell(PartReader part, int lastRow)
    {
        int row = _row, column = _nextColumn;
        if (part.Attribute("r") is { } address && !CellAddress.TryParse(address, out row, out column))
            throw Broken($"单元格地址「{address}」");
        if (row < 1 || column > CellAddress.MaxColumn)
            throw Broken("单元格位置");
        _nextColumn = column + 1;
        var type = part.Attribute("t");
        string? formula = null, value = null, inline = null;
        if (!part.Xml.IsEmptyElement)
        {
            var depth = part.Xml.Depth;
            while (part.Next() && !(part.Xml.NodeType == System.Xml.XmlNodeType.EndElement && part.Xml.Depth == depth))
            {
                if (part.IsStart("f"))
                    formula = part.Text();
                else if (part.IsStart("v"))
                    value = part.Text();
                else if (part.IsStart("is"))
                    inline = part.Text("rPh");
            }
        }
        var cell = Interpret(type, formula, value, inline);
        if (cell.IsEmpty)
            return;
        if (row > lastRow)
            throw new UnreadableWorkbook($"工作表「{name}」第 {row} 行还有内容，超过 {limits.MaxRows} 行的上限，拒收");
        budget.Spend();
        _cells.Add(row, column, cell);
    }

    private SheetCell Interpret(string? type, string? formula, string? value, string? inline)
    {
        // A number cell's empty <v/> holds no number: openpyxl writes a formula's result that way when it has none.
        if ((value is null || value.Length == 0 && type is null or "n") && inline is null)
            return formula is null ? SheetCell.Empty : new SheetCell(CellKind.NoResult, "", formula);
        return type switch
        {
            "s" => new SheetCell(CellKind.Text, Shared(value), formula),
            "inlineStr" => new SheetCell(CellKind.Text, inline ?? value ?? "", formula),
            "str" or "d" => new SheetCell(CellKind.Text, value ?? "", formula),
            "b" => new SheetCell(CellKind.Boolean, value == "1" ? "TRUE" : "FALSE", formula),
            "e" => new SheetCell(CellKind.Error, value ?? "", formula),
            null or "n" => new SheetCell(value is null ? CellKind.Text : CellKind.Number, value ?? "", formula),
            _ => throw Broken($"单元格类型「{type}」"),
        };
    }

    private string Shared(string? index) =>
        int.TryParse(index, out var i) && i >= 0 && i < sharedStrings.Count ? sharedStrings[i] : throw Broken($"文字编号「{index}」");

    private void Merge(PartReader part)
    {
        if (part.Attribute("ref") is not { } text || CellAddress.Range(text) is not { } range)
            throw Broken("合并单元格");
        budget.SpendMerge();
        _cells.Merge(range);
    }

    private UnreadableWorkbook Broken(string what) => new($"工作表「{name}」已损坏（{what}不可读），请用 Excel 或 WPS 另存后重新上传");
}
