using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>A downloaded form opened for filling in, the way a department's clerk would, with ClosedXML.</summary>
public sealed class FilledForm : IDisposable
{
    private readonly XLWorkbook _workbook;

    // ClosedXML copies the parts it did not change from the stream it loaded, so that stream stays open and expandable.
    private readonly MemoryStream _source = new();

    public FilledForm(byte[] template)
    {
        _source.Write(template);
        _source.Position = 0;
        _workbook = new XLWorkbook(_source);
    }

    public IXLWorksheet Figures => _workbook.Worksheet(FormColumns.FiguresSheet);
    public IXLWorksheet Tasks => _workbook.Worksheet(FormColumns.TasksSheet);
    public XLWorkbook Workbook => _workbook;

    /// <summary>The row of an item's line on a sheet (its code in column B).</summary>
    public int RowOf(IXLWorksheet sheet, string code) =>
        sheet.Column(2).CellsUsed().Single(c => c.GetString() == code).Address.RowNumber;

    public IXLCell Cell(IXLWorksheet sheet, string code, string heading) =>
        sheet.Cell(RowOf(sheet, code), ColumnOf(sheet, heading));

    public static int ColumnOf(IXLWorksheet sheet, string heading) =>
        sheet.Row(3).CellsUsed().Single(c => c.GetString() == heading).Address.ColumnNumber;

    /// <summary>
    /// The file as saved. Excel stores each formula's last result beside it; ClosedXML does so only when
    /// asked to evaluate, so <paramref name="calculated"/> false leaves formulas without a result.
    /// </summary>
    public byte[] Save(bool calculated = true)
    {
        // Not disposed: after SaveAs, ClosedXML reads a second save's unchanged parts from the stream it last saved to.
        var stream = new MemoryStream();
        _workbook.SaveAs(stream, new SaveOptions { EvaluateFormulasBeforeSaving = calculated });
        return stream.ToArray();
    }

    public void Dispose()
    {
        _workbook.Dispose();
        _source.Dispose();
    }
}
