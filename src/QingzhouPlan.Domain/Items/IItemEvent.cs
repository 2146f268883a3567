namespace QingzhouPlan.Domain.Items;

/// <summary>An event of a plan item's stream (an indicator or a task). Every one names who caused it.</summary>
public interface IItemEvent
{
    ActedBy Actor { get; }
}
