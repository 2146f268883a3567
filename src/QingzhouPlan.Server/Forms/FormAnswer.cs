using QingzhouPlan.Domain.Forms;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// The answer to an uploaded form, for a dry run and a commit alike: the file as received (its SHA-256 is
/// how auditors find it again), what was found, and what each row changes — or would change.
/// </summary>
public sealed record FormAnswer(
    string? FormId,
    string Sha256,
    long Bytes,
    string Department,
    string? Round,
    bool DryRun,
    bool Committed,
    FormCounts Counts,
    IReadOnlyList<FormFinding> Findings,
    IReadOnlyList<FormChange> Changes)
{
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);
}

public sealed record FormCounts(int Rows, int Reports, int Corrections, int Progress, int Unchanged, int Errors)
{
    public static FormCounts Of(int rows, IReadOnlyList<FormChange> changes, IReadOnlyList<FormFinding> findings) => new(
        rows,
        changes.Count(c => c.Kind == FormChangeKind.Report),
        changes.Count(c => c.Kind == FormChangeKind.Correction),
        changes.Count(c => c.Kind == FormChangeKind.Progress),
        changes.Count(c => c.Kind == FormChangeKind.Unchanged),
        findings.Count(f => f.Severity == FindingSeverity.Error));
}

/// <summary>How far an import has got: 读取 (reading), 核对 (checking rows against their items), 写入 (committing), 完成.</summary>
public sealed record FormProgress(string Stage, int Done, int Total);
