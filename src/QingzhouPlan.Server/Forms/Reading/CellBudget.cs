namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>How many cells and merged ranges a workbook's sheets may hold between them.</summary>
internal sealed class CellBudget(FormLimits limits)
{
    private int _cells;
    private int _merges;

    public void Spend()
    {
        if (++_cells > limits.MaxCells)
            throw new UnreadableWorkbook($"工作簿的单元格超过 {limits.MaxCells} 个，超过上限，拒收");
    }

    public void SpendMerge()
    {
        if (++_merges > limits.MaxMerges)
            throw new UnreadableWorkbook($"工作簿的合并单元格超过 {limits.MaxMerges} 处，超过上限，拒收");
    }
}
