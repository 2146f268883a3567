using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// The plan's change feed over server-sent events. Each connection registers an Orleans observer with
/// the plan's grain and writes what it is told. Event ids are "epoch:sequence": a page reconnecting with
/// Last-Event-ID gets what it missed, or a "reset" event when the plan's grain restarted since (reload).
/// A change names who made it only to those who may read histories (<see cref="Access.Visibility"/>).
/// </summary>
public static class ChangeFeed
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public static async Task Stream(string planId, string? after, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime)
    {
        var plan = grains.GetGrain<IPlanGrain>(planId);
        if (await plan.GetSummary(null) is null)
        {
            await Infrastructure.Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}' in the store").ExecuteAsync(context);
            return;
        }
        // A stopping server ends its feeds at once (the pages reconnect to the next one) instead of waiting them out.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = ending.Token;
        var channel = Channel.CreateBounded<PlanChange>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        var watcher = new Watcher(channel.Writer);
        var reference = grains.CreateObjectReference<IPlanObserver>(watcher);
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await plan.Subscribe(reference);
            var (epoch, seen) = LastSeen(after ?? context.Request.Headers["Last-Event-ID"].ToString());
            var page = await plan.ChangesSince(epoch is null ? long.MaxValue : seen);
            if (epoch is { } e && e != page.Epoch)
            {
                // The plan's grain restarted: its numbering began again. The page reloads; count from nothing.
                await context.Response.WriteAsync("event: reset\ndata: {}\n\n", ct);
                page = page with { Changes = [] };
                seen = 0;
            }
            var current = page.Epoch;
            await context.Response.WriteAsync($"event: ready\ndata: {{\"epoch\":{page.Epoch}}}\n\n", ct);
            foreach (var change in page.Changes)
                seen = await Write(context, page.Epoch, change, seen, json.Value.SerializerOptions);
            await context.Response.Body.FlushAsync(ct);
            var renewed = Stopwatch.StartNew();
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                try
                {
                    var change = await channel.Reader.ReadAsync(wait.Token);
                    do
                    {
                        if (change.Epoch != current)
                        {
                            // The grain restarted while this page was open (its observers went with it).
                            await context.Response.WriteAsync("event: reset\ndata: {}\n\n", ct);
                            (current, seen) = (change.Epoch, 0);
                        }
                        seen = await Write(context, current, change, seen, json.Value.SerializerOptions);
                    }
                    while (channel.Reader.TryRead(out change));
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": heartbeat\n\n", ct);
                }
                // Observers expire unless renewed: renew on a clock of its own, busy or quiet, and so
                // re-register with a grain that restarted.
                if (renewed.Elapsed >= Heartbeat)
                {
                    await plan.Subscribe(reference);
                    renewed.Restart();
                }
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            try
            {
                await plan.Unsubscribe(reference);
            }
            catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // The silo is going down with this server: its observers go with it.
            }
            grains.DeleteObjectReference<IPlanObserver>(reference);
            // Orleans holds an observer object only weakly: without a strong reference to the end of the
            // connection, a collection (frequent in a Release build under load) silently ends the feed.
            GC.KeepAlive(watcher);
        }
    }

    private static async Task<long> Write(HttpContext context, long epoch, PlanChange change, long seen, JsonSerializerOptions options)
    {
        // A replayed change may also arrive through the observer: each is written once, in order.
        if (change.Sequence <= seen)
            return seen;
        // Who made a change is for those who read histories; the others see what changed.
        if (!Access.Visibility.May(context.User, Access.Reading.People))
            change = change with { User = "" };
        await context.Response.WriteAsync(
            $"id: {epoch}:{change.Sequence}\nevent: change\ndata: {JsonSerializer.Serialize(change, options)}\n\n", context.RequestAborted);
        return change.Sequence;
    }

    private static (long? Epoch, long Sequence) LastSeen(string? id)
    {
        var parts = id?.Split(':');
        return parts is [var e, var s]
            && long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? (epoch, sequence)
                : (null, 0);
    }

    private sealed class Watcher(ChannelWriter<PlanChange> writer) : IPlanObserver
    {
        public void Changed(PlanChange change) => writer.TryWrite(change);
    }
}
