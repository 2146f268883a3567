using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>A checkpoint as stored: keyed by stream and version, found by plan.</summary>
public sealed record CheckpointDocument(string Id, string PlanId, ItemCheckpoint Checkpoint);
