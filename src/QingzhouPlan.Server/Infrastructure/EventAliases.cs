using Marten;
using Marten.Events;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// The registered event types by Marten's own alias (the type column of mt_events), for the places that read
/// events straight from the table. An alias does not change when a class is renamed or moved; a .NET type
/// name would.
/// </summary>
public static class EventAliases
{
    public static IReadOnlyDictionary<string, EventMapping> Of(IDocumentStore store) =>
        MartenSetup.EventTypes
            .Select(type => ((EventGraph)store.Options.Events).EventMappingFor(type))
            .ToDictionary(mapping => mapping.EventTypeName, StringComparer.Ordinal);
}
