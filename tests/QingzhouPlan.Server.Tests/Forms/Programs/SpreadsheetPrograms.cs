using System.Diagnostics;

namespace QingzhouPlan.Server.Tests.Forms.Programs;

/// <summary>
/// The spreadsheet programs departments fill forms with, run for real: LibreOffice Calc headless (its own profile
/// folder per run, a time limit, stopped by its process id) and openpyxl (Debian's python3-openpyxl). A missing
/// program fails the test with what to install; nothing is skipped.
/// </summary>
public static class SpreadsheetPrograms
{
    private const string Soffice = "/usr/bin/soffice";
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>The file converted by LibreOffice Calc into <paramref name="extension"/> (xlsx, xls), as "Save as" would.</summary>
    public static async Task<string> Resave(string file, string extension)
    {
        File.Exists(Soffice).ShouldBeTrue("LibreOffice Calc is needed: apt-get install libreoffice-calc-nogui (infra/browser.sh installs it)");
        var folder = Path.Combine(Path.GetDirectoryName(file)!, $"lo-{extension}-{Guid.NewGuid():N}");
        var profile = Path.Combine(Path.GetTempPath(), $"lo-profile-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await Run(Soffice, ["--headless", "--norestore", "--nolockcheck", $"-env:UserInstallation=file://{profile}", "--convert-to", extension, "--outdir", folder, file]);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
        var saved = Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + "." + extension);
        File.Exists(saved).ShouldBeTrue($"LibreOffice wrote no {saved}");
        return saved;
    }

    /// <summary>The form filled by openpyxl: <c>code=value</c> typed into 本期数, and <c>code=expression</c> as formulas it stores without a result.</summary>
    public static async Task<string> FillWithOpenpyxl(string template, IEnumerable<string> values, IEnumerable<string> formulas)
    {
        File.Exists(Python).ShouldBeTrue("python3 is needed for openpyxl: apt-get install python3-openpyxl (infra/browser.sh installs it)");
        var filled = Path.Combine(Path.GetDirectoryName(template)!, "filled.xlsx");
        var script = Path.Combine(Support.Repository.Root, "tests", "QingzhouPlan.Server.Tests", "Forms", "Programs", "fill_form.py");
        await Run(Python, [script, template, filled, .. values, .. formulas.SelectMany(f => new[] { "--formula", f })]);
        return filled;
    }

    private static async Task Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {Limit.TotalMinutes} minutes");
        }
        process.ExitCode.ShouldBe(0, $"{Path.GetFileName(program)} {string.Join(' ', arguments)}: {await output} {await errors}");
    }
}
