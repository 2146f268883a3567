namespace QingzhouPlan.Server.Infrastructure;

/// <summary>One silo of the cluster: its activations are null when it did not answer in time.</summary>
public sealed record SiloView(string Address, int SiloPort, string Status, int? Activations, bool Here);
