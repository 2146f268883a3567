using System.Diagnostics;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Server.Forms;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>
/// Each hostile workbook is refused with its reason, or read, within a bound on time and on memory that the
/// test measures: the bytes the reader allocates (on its own thread, so nothing else is counted) bound
/// what it can hold. The bounds are loose (what a server with a 1 GiB heap and two reads at once can
/// afford); the figures printed are the measurements.
/// </summary>
public sealed class HostileWorkbookTests(ITestOutputHelper output)
{
    private const long MaxAllocated = 400L * 1024 * 1024;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Cases => new(HostileWorkbooks.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hostile_workbook_is_refused_or_read_within_bounds(string name)
    {
        var hostile = HostileWorkbooks.All.Single(c => c.Name == name);
        var file = hostile.Build();

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var reading = FormReader.Read(file, new FormLimits(), CancellationToken.None);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var refusals = reading.Findings.Where(f => f.Severity == FindingSeverity.Error && f.Row == 0).Select(f => f.Message).ToList();
        output.WriteLine($"{name}: {file.Length:N0} bytes, {elapsed.TotalMilliseconds:N0} ms, {allocated / 1024.0 / 1024:N1} MiB allocated; {(refusals.Count > 0 ? string.Join(" / ", refusals) : $"read, {reading.Entries.Count} rows")}");
        if (hostile.Refusal is { } refusal)
            refusals.ShouldHaveSingleItem().ShouldContain(refusal);
        else
        {
            refusals.ShouldBeEmpty();
            reading.Header.ShouldNotBeNull();
        }
        elapsed.ShouldBeLessThan(MaxTime);
        allocated.ShouldBeLessThan(MaxAllocated);
    }

    [Fact]
    public void A_formula_in_a_heading_is_never_calculated_and_the_form_under_it_is_read()
    {
        var reading = FormReader.Read(HostileWorkbooks.WholeSheetFormula(farCell: false), new FormLimits(), CancellationToken.None);

        reading.HasErrors.ShouldBeFalse(string.Join(" / ", reading.Findings.Select(f => f.Message)));
        reading.Entries.OfType<FigureEntry>().Select(e => (e.Code, e.Value)).ShouldBe([("LOCAL-PROCUREMENT", 8m), ("KEY-INDUSTRIAL-INVESTMENT", 8m)]);
    }

    [Fact]
    public void A_read_past_its_time_is_given_up()
    {
        using var expired = new CancellationTokenSource();
        expired.Cancel();

        Should.Throw<OperationCanceledException>(() => FormReader.Read(HostileWorkbooks.AppendRows(new string(' ', 1)), new FormLimits(), expired.Token));
    }
}
