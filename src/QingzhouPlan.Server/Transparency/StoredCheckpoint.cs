using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>A checkpoint as the log signed it, with the cosignatures gathered since, and when (business clock) it was signed.</summary>
public sealed record StoredCheckpoint(long Size, string Note, DateTimeOffset SignedAt)
{
    public SignedNote Signed => SignedNote.Parse(Note);
}
