namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// Tests that start, kill and restart server processes run alone: their timings (a silo declared dead after
/// missed probes, a failover within seconds) must not compete with the rest of the suite for two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeProcesses
{
    public const string Name = "whole server processes";
}
