using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Server.Reporting;

/// <summary>The body of POST …/reports. Who reports comes from the caller's identity, never from here.</summary>
public sealed record ReportRequest(string? ReportId, string? Period, decimal? Value, string? Unit, string? Note, string? Source)
{
    public (ReportValue? Command, string? Field, string? Message) ToCommand()
    {
        if (string.IsNullOrWhiteSpace(ReportId))
            return (null, "reportId", "required: a client-chosen id that makes retries safe");
        if (!Domain.Periods.Period.TryParse(Period, out var period, out var periodError))
            return (null, "period", Period is null ? "required, e.g. 2024-03, 2024-Q1, 2024-H1 or 2024" : periodError);
        if (Value is null)
            return (null, "value", "required: a number");
        if (string.IsNullOrWhiteSpace(Unit))
            return (null, "unit", "required, e.g. 亿元");
        if (Note?.Length > 2000 || Source?.Length > 2000)
            return (null, Note?.Length > 2000 ? "note" : "source", "at most 2000 characters");
        return (new ReportValue(ReportId.Trim(), period, Value.Value, Unit, Note, Source), null, null);
    }
}
