using System.Globalization;

namespace QingzhouPlan.Verifier;

/// <summary>The command line: a command, its options (--name value) and the files it names.</summary>
public sealed record Arguments
{
    public string? Key { get; private set; }
    public string? Kept { get; private set; }
    public string? Tiles { get; private set; }
    public string? KeyFile { get; private set; }
    public string? Folder { get; private set; }
    public string? Listen { get; private set; }
    public string? Name { get; private set; }
    public bool Cosigner { get; private set; }
    public List<string> Witnesses { get; } = [];
    public TimeSpan MaxMergeDelay { get; private set; } = TimeSpan.FromSeconds(60);

    public static (string Command, Arguments Options, List<string> Files) Read(string[] args)
    {
        var options = new Arguments();
        var files = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--key": options.Key = Next(); break;
                case "--kept": options.Kept = Next(); break;
                case "--tiles": options.Tiles = Next(); break;
                case "--key-file": options.KeyFile = Next(); break;
                case "--dir": options.Folder = Next(); break;
                case "--listen": options.Listen = Next(); break;
                case "--name": options.Name = Next(); break;
                case "--witness": options.Witnesses.Add(Next()); break;
                case "--cosigner": options.Cosigner = true; break;
                case "--max-merge-delay": options.MaxMergeDelay = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case var other when other.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException($"unknown option {other}");
                default: files.Add(args[i]); break;
            }
        }
        return (args.FirstOrDefault() ?? "", options, files);
    }
}
