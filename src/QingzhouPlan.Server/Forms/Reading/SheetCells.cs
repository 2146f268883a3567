namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// The cells of one sheet that hold something, kept sparse (a cell typed at XFD1048576 costs one entry, not
/// a grid), and its merged ranges. Rows and columns count from 1, as the sheet shows them.
/// </summary>
public sealed class SheetCells(string name)
{
    private readonly Dictionary<(int Row, int Column), SheetCell> _cells = [];
    private readonly Dictionary<int, List<int>> _columnsByRow = [];
    private readonly List<CellRange> _merges = [];
    private readonly Dictionary<int, List<CellRange>> _mergesByColumn = [];

    public string Name => name;

    /// <summary>The last row with a cell that holds something; 0 for an empty sheet.</summary>
    public int LastRow { get; private set; }

    public int Count => _cells.Count;

    public SheetCell At(int row, int column) => _cells.GetValueOrDefault((row, column), SheetCell.Empty);

    /// <summary>The row's cells that hold something, left to right.</summary>
    public IEnumerable<(int Column, SheetCell Cell)> Row(int row) =>
        _columnsByRow.TryGetValue(row, out var columns) ? columns.Order().Select(c => (c, _cells[(row, c)])) : [];

    /// <summary>The merged range a cell belongs to, if any.</summary>
    public CellRange? MergeAt(int row, int column)
    {
        var ranges = MergesCovering(column);
        // Merged ranges do not overlap, so in one column they are row intervals in order of their top row.
        int low = 0, high = ranges.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var range = ranges[middle];
            if (row < range.Top)
                high = middle - 1;
            else if (row > range.Bottom)
                low = middle + 1;
            else
                return range;
        }
        return null;
    }

    internal void Add(int row, int column, SheetCell cell)
    {
        if (cell.IsEmpty)
            return;
        if (_cells.TryAdd((row, column), cell))
            (_columnsByRow.TryGetValue(row, out var columns) ? columns : _columnsByRow[row] = []).Add(column);
        else
            _cells[(row, column)] = cell;
        LastRow = Math.Max(LastRow, row);
    }

    internal void Merge(CellRange range)
    {
        _merges.Add(range);
        _mergesByColumn.Clear();
    }

    private List<CellRange> MergesCovering(int column)
    {
        if (!_mergesByColumn.TryGetValue(column, out var ranges))
            _mergesByColumn[column] = ranges = _merges.Where(m => m.Left <= column && column <= m.Right).OrderBy(m => m.Top).ToList();
        return ranges;
    }
}

/// <summary>A rectangle of cells, A1-style corners included.</summary>
public sealed record CellRange(int Top, int Left, int Bottom, int Right)
{
    public string FirstAddress => CellAddress.Of(Top, Left);
}
