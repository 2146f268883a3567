using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Items;

// Request bodies. Each turns itself into a domain command or names the first field at fault. None
// carries who acts: that comes from the caller's identity only.

/// <summary>A command, or the field and message that stop it.</summary>
public readonly record struct Validated<T>(T? Command, string? Field = null, string? Message = null) where T : class
{
    public static Validated<T> Fail(string field, string message) => new(null, field, message);
}

public interface ICommandRequest<T> where T : class
{
    Validated<T> ToCommand();
}

public sealed record ReportRequest(string? ReportId, string? Period, decimal? Value, string? Unit, string? Note, string? Source, string? Explanation = null)
    : ICommandRequest<ReportValue>
{
    public Validated<ReportValue> ToCommand()
    {
        if (string.IsNullOrWhiteSpace(ReportId))
            return Validated<ReportValue>.Fail("reportId", "required: a client-chosen id that makes retries safe");
        if (RequestFields.Period(Period) is { Error: { } periodError })
            return Validated<ReportValue>.Fail("period", periodError);
        if (RequestFields.Quantity(Value, Unit) is { } quantityError)
            return Validated<ReportValue>.Fail(quantityError.Field, quantityError.Message);
        if (RequestFields.TooLong(("note", Note), ("source", Source), ("explanation", Explanation)) is { } longField)
            return Validated<ReportValue>.Fail(longField, TextLimit.TooLong);
        return new(new ReportValue(ReportId.Trim(), RequestFields.Period(Period).Value, Value!.Value, Unit!, Note, Source, Explanation));
    }
}

public sealed record CorrectionRequest(string? Period, decimal? Value, string? Unit, string? Reason, string? Explanation = null) : ICommandRequest<CorrectValue>
{
    public Validated<CorrectValue> ToCommand() =>
        RequestFields.Period(Period) is { Error: { } periodError } ? Validated<CorrectValue>.Fail("period", periodError)
        : RequestFields.Quantity(Value, Unit) is { } q ? Validated<CorrectValue>.Fail(q.Field, q.Message)
        : RequestFields.TooLong(("explanation", Explanation)) is { } longField ? Validated<CorrectValue>.Fail(longField, TextLimit.TooLong)
        : new(new CorrectValue(RequestFields.Period(Period).Value, Value!.Value, Unit!, Reason ?? "", Explanation));
}

public sealed record RetractionRequest(string? Period, string? Reason) : ICommandRequest<RetractValue>
{
    public Validated<RetractValue> ToCommand() =>
        RequestFields.Period(Period) is { Error: { } periodError } ? Validated<RetractValue>.Fail("period", periodError)
        : new(new RetractValue(RequestFields.Period(Period).Value, Reason ?? ""));
}

public sealed record VerificationRequest(string? Period, string? Note) : ICommandRequest<VerifyValue>
{
    public Validated<VerifyValue> ToCommand() =>
        RequestFields.Period(Period) is { Error: { } periodError } ? Validated<VerifyValue>.Fail("period", periodError)
        : RequestFields.TooLong(("note", Note)) is { } longField ? Validated<VerifyValue>.Fail(longField, TextLimit.TooLong)
        : new(new VerifyValue(RequestFields.Period(Period).Value, Note));
}

public sealed record TargetAdjustmentRequest(
    decimal? Value, Comparator? Comparator, decimal? Tolerance, string? Reason, string? LegalBasis, DateOnly? EffectiveFrom)
    : ICommandRequest<AdjustTarget>
{
    public Validated<AdjustTarget> ToCommand() =>
        Value is null ? Validated<AdjustTarget>.Fail("value", "required: the new target value")
        : Comparator is null ? Validated<AdjustTarget>.Fail("comparator", $"required: one of {string.Join(", ", Enum.GetNames<Comparator>())}")
        : EffectiveFrom is null ? Validated<AdjustTarget>.Fail("effectiveFrom", "required: the date the new target applies from (yyyy-MM-dd)")
        : RequestFields.TooLong(("reason", Reason), ("legalBasis", LegalBasis)) is { } longField ? Validated<AdjustTarget>.Fail(longField, TextLimit.TooLong)
        : new(new AdjustTarget(new Target(Value.Value, Comparator.Value, Tolerance ?? 0m), EffectiveFrom.Value, Reason ?? "", LegalBasis ?? ""));
}

public sealed record TaskProgressRequest(Domain.Tasks.TaskStatus? Status, string? Narrative, IReadOnlyList<string>? Evidence, string? ProgressId)
    : ICommandRequest<ReportTaskProgress>
{
    public Validated<ReportTaskProgress> ToCommand() =>
        Status is null
            ? Validated<ReportTaskProgress>.Fail("status", $"required: one of {string.Join(", ", Enum.GetNames<Domain.Tasks.TaskStatus>())}")
            : new(new ReportTaskProgress(Status.Value, Narrative ?? "", Evidence ?? [], ProgressId?.Trim()));
}

internal static class RequestFields
{
    public static (Period Value, string? Error) Period(string? text) =>
        text is null ? (default, "required, e.g. 2024-03, 2024-Q1, 2024-H1 or 2024")
        : Domain.Periods.Period.TryParse(text, out var period, out var error) ? (period, null)
        : (default, error);

    public static (string Field, string Message)? Quantity(decimal? value, string? unit) =>
        value is null ? ("value", "required: a number")
        : string.IsNullOrWhiteSpace(unit) ? ("unit", "required, e.g. 亿元")
        : null;

    public static string? TooLong(params (string Field, string? Text)[] fields) =>
        fields.FirstOrDefault(f => f.Text?.Length > TextLimit.Characters).Field;
}
