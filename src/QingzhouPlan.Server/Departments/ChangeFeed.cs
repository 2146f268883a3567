using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.Departments;

/// <summary>
/// The plan's change feed over server-sent events. Each connection registers an Orleans observer with
/// the plan's grain and writes what it is told. Event ids are "epoch:sequence": a page reconnecting with
/// Last-Event-ID gets what it missed, or a "reset" event when the plan's grain restarted since (reload).
/// </summary>
public static class ChangeFeed
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public static async Task Stream(string planId, string? after, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var plan = grains.GetGrain<IPlanGrain>(planId);
        if (await plan.GetSummary(null) is null)
        {
            await Infrastructure.Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}' in the store").ExecuteAsync(context);
            return;
        }
        var ct = context.RequestAborted;
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
                await context.Response.WriteAsync("event: reset\ndata: {}\n\n", ct);
                page = page with { Changes = [] };
            }
            await context.Response.WriteAsync($"event: ready\ndata: {{\"epoch\":{page.Epoch}}}\n\n", ct);
            foreach (var change in page.Changes)
                seen = await Write(context, page.Epoch, change, seen, json.Value.SerializerOptions);
            await context.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                try
                {
                    var change = await channel.Reader.ReadAsync(wait.Token);
                    seen = await Write(context, page.Epoch, change, seen, json.Value.SerializerOptions);
                    while (channel.Reader.TryRead(out var more))
                        seen = await Write(context, page.Epoch, more, seen, json.Value.SerializerOptions);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Quiet for a while: keep the subscription alive (observers expire) and the connection open.
                    await plan.Subscribe(reference);
                    await context.Response.WriteAsync(": heartbeat\n\n", ct);
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
            await plan.Unsubscribe(reference);
            grains.DeleteObjectReference<IPlanObserver>(reference);
            // Orleans holds an observer object only weakly: without a strong reference to the end of the
            // connection, a collection (frequent in a Release build under load) silently ends the feed.
            GC.KeepAlive(watcher);
        }
    }

    private static async Task<long> Write(HttpContext context, long epoch, PlanChange change, long seen, JsonSerializerOptions options)
    {
        // A replayed change may also arrive through the observer: each is written once, in order.
        if (change.Sequence <= seen && seen != long.MaxValue)
            return seen;
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
