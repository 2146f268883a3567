using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Domain.Forms;

/// <summary>A row of a filled-in form, read and checked for its shape; what it means is decided against the item.</summary>
public abstract record FormEntry(string Sheet, int Row, string Code);

/// <summary>
/// A figure for an indicator's period, in the unit the form's unit cell names (the department may have
/// changed 亿元 to 万元), with the note or reason beside it. <see cref="FromFormula"/> records that the cell
/// held a formula whose last calculated value was taken.
/// </summary>
public sealed record FigureEntry(string Sheet, int Row, string Code, Period Period, decimal Value, string Unit, string? Note, bool FromFormula)
    : FormEntry(Sheet, Row, Code);

/// <summary>A task's new status and the narrative of its progress (进展情况).</summary>
public sealed record ProgressEntry(string Sheet, int Row, string Code, TaskStatus Status, string Narrative)
    : FormEntry(Sheet, Row, Code);
