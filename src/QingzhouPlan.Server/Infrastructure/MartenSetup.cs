using QingzhouPlan.Server.Items;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.OpenTelemetry;
using Marten;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.TimeSeries;
using Weasel.Core;

namespace QingzhouPlan.Server.Infrastructure;

public static class MartenSetup
{
    /// <summary>
    /// The event store. The async daemon runs Solo in one process; in a cluster (HotCold, the default when
    /// Cluster:Membership is redis) every node runs one, and a PostgreSQL advisory lock lets exactly one of them
    /// write to InfluxDB, another taking over when its connection — or its process — dies.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        var clustered = string.Equals(configuration["Cluster:Membership"], "redis", StringComparison.OrdinalIgnoreCase);
        var daemon = configuration["Marten:Daemon"] switch
        {
            null or "" => clustered ? DaemonMode.HotCold : DaemonMode.Solo,
            var mode when mode.Equals("HotCold", StringComparison.OrdinalIgnoreCase) => DaemonMode.HotCold,
            var mode when mode.Equals("Solo", StringComparison.OrdinalIgnoreCase) && !clustered => DaemonMode.Solo,
            var mode => throw new InvalidOperationException(clustered
                ? $"Marten:Daemon is {mode}, but a cluster needs HotCold: with Solo every silo would write to InfluxDB"
                : $"Marten:Daemon is {mode}; Solo or HotCold"),
        };
        services.AddSingleton<HeldDocuments>();
        services.AddMarten(sp =>
            {
                // Read when the store is built, not when services are registered, so configuration added
                // late (a test host's schema) is honoured.
                var configuration = sp.GetRequiredService<IConfiguration>();
                var connectionString = configuration.GetConnectionString("Marten")
                    ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured");
                var schema = configuration["Marten:Schema"] ?? "qingzhou";
                var options = new StoreOptions();
                options.Connection(WithAutoPrepare(
                    WithStallLimit(connectionString, configuration.GetValue("Marten:IdleInTransactionSeconds", 5)),
                    configuration.GetValue("Marten:MaxAutoPrepare", 64)));
                options.DatabaseSchemaName = schema;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // Plan items have natural keys ("qingzhou-2024/GDP"), so streams are keyed by string.
                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Rich appends assign version, sequence and timestamp before the inline projections run,
                // which the tamper-evidence chain hashes; Quick appends leave them to the database.
                options.Events.AppendMode = EventAppendMode.Rich;
                // Recorded time comes from the injected clock, so a simulated year records 2024 timestamps.
                options.Events.TimeProvider = new WholeMilliseconds(sp.BusinessClock());
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                // Client retry keys travel as event headers (Reporting/RetryKey), outside the hashed event data.
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, configure: json =>
                    json.Converters.Add(new PeriodJsonConverter()));
                // Marten's daemon looks for new events every 250 ms when busy and every second when quiet; dashboards
                // want a figure within a fraction of a second, and the high-water query is cheap, so 100 and 250 here.
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(configuration.GetValue("TimeSeries:FastPollingMilliseconds", 100));
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(configuration.GetValue("TimeSeries:SlowPollingMilliseconds", 250));
                // A commit takes its sequence numbers before it builds the inline documents, and writes its events
                // after: a 10,000-row form leaves a gap for seconds while later commits land beyond it. Given up
                // after Marten's default 3 s, those events were never projected. A commit that fails fills its
                // gap at once (Marten writes tombstones), so this patience is only paid for a process that died
                // in mid-commit.
                options.Projections.StaleSequenceThreshold = TimeSpan.FromSeconds(configuration.GetValue("TimeSeries:GapPatienceSeconds", 30));
                options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                var held = sp.GetRequiredService<HeldDocuments>();
                options.Projections.Add(new PlanDocumentProjection(held), ProjectionLifecycle.Inline);
                options.Projections.Add(new IndicatorDocumentProjection(held), ProjectionLifecycle.Inline);
                options.Projections.Add(new TaskDocumentProjection(held), ProjectionLifecycle.Inline);
                options.Projections.Add(new StreamSealProjection(held), ProjectionLifecycle.Inline);
                options.Storage.ExtendedSchemaObjects.Add(SealLinks.Definition(schema));
                options.Storage.ExtendedSchemaObjects.AddRange(Transparency.LogTables.Definitions(schema));
                // Numeric revisions, as Marten's own single-stream projections kept these documents before: a store
                // written then has integer mt_version columns, which a change to Marten's default (uuid) cannot convert.
                options.Schema.For<PlanDocument>().UseNumericRevisions(true);
                options.Schema.For<IndicatorDocument>().Index(x => x.PlanId).UseNumericRevisions(true);
                options.Schema.For<TaskDocument>().Index(x => x.PlanId).UseNumericRevisions(true);
                options.Schema.For<Reports.SnapshotDocument>().DocumentAlias("checkpointdocument")
                    .Duplicate(x => x.PlanId).Duplicate(x => x.Stream).Duplicate(x => x.Version).Duplicate(x => x.KnownBy)
                    // An as-of report finds each item's snapshot either side of its instant by one probe of this index.
                    .Index([x => x.Stream, x => x.KnownBy, x => x.Version]);
                RegisterEventTypes(options);
                return options;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(daemon)
            .AddSubscriptionWithServices<InfluxProjection>(ServiceLifetime.Singleton, o =>
            {
                o.Name = InfluxProjection.SubscriptionName;
                // Larger pages mean fewer, larger InfluxDB writes when catching up or rebuilding.
                o.Options.BatchSize = 2000;
                o.Options.MaximumHopperSize = 8000;
            });
        return services;
    }

    /// <summary>
    /// A transaction left open by a process that stalled (a long pause, a frozen VM) keeps its items' rows
    /// locked, and every other silo's commit to them waits behind it. PostgreSQL ends a transaction idle for
    /// this long, so the items move on; the stalled process's commit then fails and acknowledges nothing. The
    /// statements of a healthy transaction follow each other within milliseconds. 0 leaves it to the server.
    /// </summary>
    // Marten sends the same few statements for every commit (the version and sequence lookups, the inline
    // documents, the event inserts): prepared once per connection, PostgreSQL stops parsing and planning them each
    // time: about a fifth more reports per second at 32 clients (docs/benchmarks.md). 0 turns it off.
    internal static string WithAutoPrepare(string connectionString, int statements)
    {
        if (statements <= 0)
            return connectionString;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = statements, AutoPrepareMinUsages = 2 };
        return builder.ConnectionString;
    }

    internal static string WithStallLimit(string connectionString, int seconds)
    {
        if (seconds <= 0)
            return connectionString;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout={seconds * 1000}".Trim();
        return builder.ConnectionString;
    }

    /// <summary>Every event type the store records; readers that bypass Marten map its aliases back through these.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(IndicatorDefined), typeof(TargetSet), typeof(ValueReported), typeof(ValueCorrected), typeof(ValueRetracted),
        typeof(ValueVerified), typeof(TargetAdjusted), typeof(TaskProgressReported), typeof(Domain.Reports.EditionPublished),
        typeof(PlanAdopted), typeof(TaskDefined), typeof(Domain.Items.OwnerReassigned), typeof(Domain.Items.ItemClosed),
        typeof(Domain.Calendar.EscalationRaised), typeof(DepartmentAdded), typeof(DepartmentRenamed), typeof(DepartmentsMerged),
        typeof(PlanClosed), typeof(Domain.Rounds.ApprovalLevelsSet), typeof(Domain.Rounds.QualityRulesSet), typeof(Domain.Rounds.ReportingWindowSet),
        typeof(Domain.Rounds.FigureSubmitted), typeof(Domain.Rounds.FigureApproved), typeof(Domain.Rounds.FigureSentBack),
        typeof(Domain.Rounds.FigureUnapproved), typeof(Domain.Rounds.FigureExplained), typeof(Domain.Rounds.WindowExceptionOpened),
        typeof(Domain.Drafts.DraftOpened), typeof(Domain.Drafts.DraftPlanDescribed), typeof(Domain.Drafts.DraftItemsAccepted),
        typeof(Domain.Drafts.DraftItemsDropped), typeof(Domain.Drafts.DraftItemEdited), typeof(Domain.Drafts.DraftItemSplit),
        typeof(Domain.Drafts.DraftItemsMerged), typeof(Domain.Drafts.DraftItemAdded), typeof(Domain.Drafts.DraftAdopted),
    ];

    private static void RegisterEventTypes(StoreOptions options)
    {
        foreach (var type in EventTypes)
            options.Events.AddEventType(type);
    }
}
