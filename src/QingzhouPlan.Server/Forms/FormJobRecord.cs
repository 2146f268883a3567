namespace QingzhouPlan.Server.Forms;

/// <summary>A job's view as shared with the other nodes, with who may see it and when it was last shared.</summary>
public sealed record FormJobRecord(Guid Id, string PlanId, string User, FormJobView View, DateTimeOffset SharedAt);
