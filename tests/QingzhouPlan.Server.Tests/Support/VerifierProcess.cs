using System.Diagnostics;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>The offline verifier (qzverify) run as an auditor runs it: a process of its own, with files and a URL at most.</summary>
public static class VerifierProcess
{
    public static string Dll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(Repository.Root, "src", "QingzhouPlan.Verifier", "bin", configuration, "net10.0", "qzverify.dll");
        }
    }

    /// <summary>Runs a command to its end; its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A witness, started as its operator would, until disposed.</summary>
    public static async Task<WitnessProcess> Witness(string name, string logKey)
    {
        var folder = Directory.CreateTempSubdirectory("qz-witness-").FullName;
        var keyFile = Path.Combine(folder, "witness-key");
        var (code, output) = await Run("keygen", keyFile, "--name", name, "--cosigner");
        if (code != 0)
            throw new InvalidOperationException(output);
        var port = LoopbackPort.Free();
        var psi = new ProcessStartInfo("dotnet", [Dll, "witness", "--key-file", keyFile, "--key", logKey, "--dir", Path.Combine(folder, "state"), "--listen", $"http://127.0.0.1:{port}"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(psi)!;
        var started = await process.StandardOutput.ReadLineAsync();
        if (started is null)
            throw new InvalidOperationException(await process.StandardError.ReadToEndAsync());
        return new WitnessProcess(process, $"http://127.0.0.1:{port}", output.Trim(), folder);
    }
}

public sealed record WitnessProcess(Process Process, string Url, string Key, string Folder) : IDisposable
{
    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
