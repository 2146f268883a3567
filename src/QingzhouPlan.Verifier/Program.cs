using System.Text;
using System.Text.Json;
using QingzhouPlan.Transparency;
using QingzhouPlan.Verifier;

// The auditor's commands (docs/transparency-log.md). Exit code 0: valid; 1: something fails, named on the
// lines printed; 2: the command was not understood.
Console.OutputEncoding = Encoding.UTF8;
var (command, options, files) = Arguments.Read(args);
try
{
    return command switch
    {
        "edition" => await Edition(),
        "consistency" => await Consistency(),
        "mirror" => await Mirror(),
        "compare" => Compare(),
        "witness" => await RunWitness(),
        "keygen" => KeyGen(),
        "pubkey" => PublicKey(),
        _ => Usage(),
    };
}
catch (Exception ex) when (ex is IOException or HttpRequestException or FormatException or JsonException or ArgumentException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("无法完成：" + ex switch
    {
        FileNotFoundException missing => $"找不到文件 {missing.FileName}",
        IOException io => $"读取失败（{io.Message}）",
        HttpRequestException => "无法连接日志地址",
        JsonException => "导出文件不是有效的 JSON",
        FormatException => "文件或密钥格式有误",
        UnauthorizedAccessException => "无权读写该文件",
        _ => "参数有误",
    });
    return 2;
}

async Task<int> Edition()
{
    if (files is not [var file] || options.Key is null)
        return Usage();
    var edition = JsonSerializer.Deserialize<ExportedEdition>(await File.ReadAllTextAsync(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new FormatException("empty export");
    using var tiles = options.Tiles is null ? null : new TileSource(options.Tiles);
    var kept = options.Kept is null ? null : await File.ReadAllTextAsync(options.Kept);
    var failures = await EditionCheck.Run(edition, LogKeys.From(options.Key), kept, tiles, options.MaxMergeDelay);
    return Report(failures, $"有效：{edition.Plan} 第 {edition.Edition} 版（{edition.Period}）的 {edition.Figures.Count} 个数值均在日志签名的检查点中，且与记录一致");
}

async Task<int> Consistency()
{
    if (options.Key is null || options.Kept is null || options.Tiles is null)
        return Usage();
    var keys = LogKeys.From(options.Key);
    using var tiles = new TileSource(options.Tiles);
    var (kept, _, problem) = keys.Read(await File.ReadAllTextAsync(options.Kept));
    var (latest, _, latestProblem) = keys.Read(Encoding.UTF8.GetString(await tiles.Get("checkpoint")));
    if (kept is null || latest is null)
        return Report([problem ?? latestProblem!], "");
    if (latest.Size < kept.Size)
        return Report([$"日志现只有 {latest.Size} 条，少于所保存检查点的 {kept.Size} 条：此前的历史已被改写或截短"], "");
    return Report(await EditionCheck.Consistency(kept, latest, tiles), $"一致：日志现有 {latest.Size} 条，延续所保存的 {kept.Size} 条检查点");
}

async Task<int> Mirror()
{
    if (options.Key is null || options.Tiles is null || files is not [var folder])
        return Usage();
    var keys = LogKeys.From(options.Key);
    using var tiles = new TileSource(options.Tiles);
    var note = Encoding.UTF8.GetString(await tiles.Get("checkpoint"));
    var (checkpoint, _, problem) = keys.Read(note);
    if (checkpoint is null)
        return Report([problem!], "");
    var keptPath = Path.Combine(folder, "checkpoint");
    var (previous, _, _) = File.Exists(keptPath) ? keys.Read(await File.ReadAllTextAsync(keptPath)) : (null, null, null);
    var tree = await tiles.Tree(checkpoint.Size, async (path, tile) =>
    {
        var target = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(target, tile);
    });
    var failures = new List<string>();
    if (!tree.Root(checkpoint.Size).AsSpan().SequenceEqual(checkpoint.Root))
        failures.Add($"数据块算出的 {checkpoint.Size} 条之树与签名检查点的根不符");
    if (previous is not null && (previous.Size > checkpoint.Size || !tree.Root(previous.Size).AsSpan().SequenceEqual(previous.Root)))
        failures.Add($"日志不再延续上次镜像的 {previous.Size} 条检查点：此前的历史已被改写");
    if (failures.Count == 0)
        await File.WriteAllTextAsync(keptPath, note);
    return Report(failures, $"已镜像：{checkpoint.Size} 条，逐一重算的根与签名检查点一致" + (previous is null ? "" : $"，并延续上次的 {previous.Size} 条"));
}

// Two checkpoints of one log, each with its cosignatures: of the same size with different roots, they prove the
// log showed two histories; of different sizes, the tiles decide whether the larger extends the smaller.
int Compare()
{
    if (options.Key is null || files is not [var first, var second])
        return Usage();
    var keys = LogKeys.From(options.Key);
    var notes = new[] { first, second }.Select(f => SignedNote.Parse(File.ReadAllText(f))).ToList();
    var read = notes.Select(n => keys.Read(n.ToString())).ToList();
    if (read.FirstOrDefault(r => r.Checkpoint is null) is { Problem: { } problem })
        return Report([problem], "");
    var witnesses = options.Witnesses.Select(NoteVerifier.Parse).ToList();
    string Cosigners(SignedNote note) =>
        string.Join("、", witnesses.Where(w => w.Check(note) is not null).Select(w => w.Name).DefaultIfEmpty("无见证人"));
    var (a, b) = (read[0].Checkpoint!, read[1].Checkpoint!);
    if (a.Size == b.Size && !a.Root.AsSpan().SequenceEqual(b.Root))
        return Report([$"冲突：日志 {a.Origin} 对同一规模 {a.Size} 条签出了两个不同的根——一个由 {Cosigners(notes[0])} 共同签名，另一个由 {Cosigners(notes[1])} 共同签名；日志向不同的人出示了不同的历史"], "");
    return Report([], a.Size == b.Size ? "两份检查点相同" : "两份检查点规模不同：请用 consistency 命令以数据块核对");
}

async Task<int> RunWitness()
{
    if (options.KeyFile is null || options.Key is null || options.Folder is null || options.Listen is null)
        return Usage();
    using var key = NoteSigner.Parse(await File.ReadAllTextAsync(options.KeyFile));
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
    await new Witness(key, LogKeys.From(options.Key), options.Folder).Serve(options.Listen, stop.Token);
    return 0;
}

int KeyGen()
{
    if (options.Name is null || files is not [var file])
        return Usage();
    using var key = NoteSigner.Generate(options.Name, options.Cosigner ? NoteVerifier.Cosignature : NoteVerifier.Ed25519);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    File.WriteAllText(file, key.Encoded + "\n");
    if (!OperatingSystem.IsWindows())
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    Console.WriteLine(key.Verifier);
    return 0;
}

// The verifier key of a signer key file: what its owner publishes.
int PublicKey()
{
    if (files is not [var file])
        return Usage();
    using var key = NoteSigner.Parse(File.ReadAllText(file));
    Console.WriteLine(key.Verifier);
    return 0;
}

static int Report(IReadOnlyList<string> failures, string valid)
{
    if (failures.Count == 0)
    {
        Console.WriteLine(valid);
        return 0;
    }
    Console.WriteLine("无效：");
    foreach (var failure in failures)
        Console.WriteLine("  " + failure);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        用法：
          qzverify edition <导出.json> --key <日志公钥> [--kept <所保存的检查点>] [--tiles <日志地址或镜像目录>] [--max-merge-delay <秒>]
          qzverify consistency --key <日志公钥> --kept <所保存的检查点> --tiles <日志地址或镜像目录>
          qzverify mirror <目录> --key <日志公钥> --tiles <日志地址>
          qzverify compare <检查点1> <检查点2> --key <日志公钥> [--witness <见证人公钥>]...
          qzverify witness --key-file <见证人私钥文件> --key <日志公钥> --dir <目录> --listen http://127.0.0.1:<端口>
          qzverify keygen <私钥文件> --name <名称> [--cosigner]
          qzverify pubkey <私钥文件>
        """);
    return 2;
}
