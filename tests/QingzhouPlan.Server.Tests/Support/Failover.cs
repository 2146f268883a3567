using System.Net;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>Waiting for a cluster to fail over, as a client sees it.</summary>
public static class Failover
{
    /// <summary>The probes' reports through this silo, each retried while the cluster fails over.</summary>
    public static async Task<IReadOnlyList<ReportSlot>> EveryItemWritable(ServerProcess silo, IReadOnlyList<ReportSlot> probes, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var written = await Task.WhenAll(probes.Select(async slot =>
        {
            using var client = silo.ClientAs($"silo.{slot.Department}", slot.Department);
            while (true)
            {
                HttpResponseMessage response;
                try
                {
                    response = await client.PostJson(slot.Url, slot.Body);
                }
                catch (TaskCanceledException ex) when (!deadline.IsCancellationRequested)
                {
                    throw new TimeoutException($"{slot.Code}: no answer from the silo in {client.Timeout.TotalSeconds} s; it logged:\n{silo.Tail}", ex);
                }
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    return slot;
                var body = await response.Content.ReadAsStringAsync();
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
                if (deadline.IsCancellationRequested)
                    throw new TimeoutException($"{slot.Code}: still refused after {timeout.TotalSeconds} s ({body}); the silo logged:\n{silo.Tail}");
                await Task.Delay(100);
            }
        }));
        return written;
    }
}
