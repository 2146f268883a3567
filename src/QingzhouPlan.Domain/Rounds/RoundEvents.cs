using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

// Each step of a round is an event of the item whose figure it moves, so an item's stream alone says whether a
// figure is locked, and a round (department × period) is the set of its items' figures. A step taken for a
// whole round writes one event to each item in one transaction.

/// <summary>The department submits its figure for approval (科室填报 done): the figure is locked from here.</summary>
[GenerateSerializer, Immutable, Alias("FigureSubmitted")]
public sealed record FigureSubmitted([property: Id(0)] Period Period, [property: Id(1)] decimal Value, [property: Id(2)] ActedBy Actor) : IItemEvent;

/// <summary>An approval level approves the figure (审核通过); at the last level it is final (定稿).</summary>
[GenerateSerializer, Immutable, Alias("FigureApproved")]
public sealed record FigureApproved(
    [property: Id(0)] Period Period, [property: Id(1)] string Level, [property: Id(2)] decimal Value, [property: Id(3)] string? Note,
    [property: Id(4)] ActedBy Actor) : IItemEvent;

/// <summary>A level sends the figure back to the reporter with a message (退回): it is open for change again.</summary>
[GenerateSerializer, Immutable, Alias("FigureSentBack")]
public sealed record FigureSentBack(
    [property: Id(0)] Period Period, [property: Id(1)] string Level, [property: Id(2)] string Message, [property: Id(3)] ActedBy Actor) : IItemEvent;

/// <summary>A level above withdraws an approval with a reason (撤销审核): the figure awaits that level again.</summary>
[GenerateSerializer, Immutable, Alias("FigureUnapproved")]
public sealed record FigureUnapproved(
    [property: Id(0)] Period Period, [property: Id(1)] string Level, [property: Id(2)] string Reason, [property: Id(3)] ActedBy Actor) : IItemEvent;

/// <summary>The 上报说明 a figure that breaks soft rules was accepted with, naming the rules; approvers read it beside the figure.</summary>
[GenerateSerializer, Immutable, Alias("FigureExplained")]
public sealed record FigureExplained(
    [property: Id(0)] Period Period, [property: Id(1)] IReadOnlyList<string> Rules, [property: Id(2)] string Explanation,
    [property: Id(3)] ActedBy Actor) : IItemEvent;

/// <summary>A reviewer reopens entry for one item and period after its window closed, until an instant (补报例外).</summary>
[GenerateSerializer, Immutable, Alias("WindowExceptionOpened")]
public sealed record WindowExceptionOpened(
    [property: Id(0)] Period Period, [property: Id(1)] DateTimeOffset Until, [property: Id(2)] string Reason, [property: Id(3)] ActedBy Actor) : IItemEvent;
