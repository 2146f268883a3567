namespace QingzhouPlan.Server.Transparency;

/// <summary>The log as verification found it: its size, how many checkpoints it has signed, and the size of the one given, if any.</summary>
public sealed record LogSummary(long Size, int Checkpoints, long? KeptSize);
