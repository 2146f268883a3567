namespace QingzhouPlan.Server.Forms;

/// <summary>A committed form, stored in the transaction that records its figures: who uploaded which file, and what it changed.</summary>
public sealed record FormImportRecord(
    Guid Id,
    string PlanId,
    string Department,
    string FormId,
    string Round,
    string Sha256,
    long Bytes,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    FormCounts Counts);
