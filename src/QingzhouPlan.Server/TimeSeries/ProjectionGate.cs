namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Held shut while a rebuild replays into InfluxDB. The rebuild stops the live subscription, but the
/// daemon's coordinator starts a missing agent again on its next poll; such an agent waits here, writing
/// nothing, until the rebuild hands the subscription back at the position it reached.
/// </summary>
public sealed class ProjectionGate
{
    private volatile TaskCompletionSource _open = Opened();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    public void Shut() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task WaitOpen(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
}
