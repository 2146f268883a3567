namespace QingzhouPlan.Server.Transparency;

/// <summary>The transparency log's settings ("Transparency" in configuration).</summary>
public sealed class TransparencyOptions
{
    /// <summary>The log's name, first line of every checkpoint: one per store, never reused by another.</summary>
    public string Origin { get; set; } = "qingzhouplan.local/log";

    /// <summary>
    /// The signer key file (PRIVATE+KEY+…), outside PostgreSQL: whoever can write the database must not also be able
    /// to sign. Relative paths are under the content root; made on first start when missing.
    /// </summary>
    public string KeyFile { get; set; } = ".local/log-key";

    /// <summary>How often a new checkpoint is signed while the tree grows.</summary>
    public double CheckpointSeconds { get; set; } = 5;

    /// <summary>
    /// The log's maximum merge delay: how far an honest event's recorded time may precede the newest event logged
    /// before it. A checkpoint is dated by the newest event it holds; an entry logged after a checkpoint dated more
    /// than this after the entry's own time was recorded behind the log's back.
    /// </summary>
    public double MaxMergeDelaySeconds { get; set; } = 60;

    /// <summary>Witnesses, each "url verifier-key" (the witness's submission prefix and its cosigner key).</summary>
    public List<string> Witnesses { get; set; } = [];

    public TimeSpan CheckpointInterval => TimeSpan.FromSeconds(CheckpointSeconds);

    public TimeSpan MaxMergeDelay => TimeSpan.FromSeconds(MaxMergeDelaySeconds);
}
