namespace QingzhouPlan.Server.TimeSeries;

/// <summary>Where the time-series projection writes. Section "InfluxDb".</summary>
public sealed class InfluxOptions
{
    /// <summary>"v1" (the /write line-protocol API of InfluxDB 1.x) or "v2" (InfluxDB 2.x/3.x through InfluxDB.Client).</summary>
    public string Transport { get; set; } = "v1";

    public string Url { get; set; } = "http://127.0.0.1:18086";

    /// <summary>v1: database and retention policy (empty = the database's default policy).</summary>
    public string Database { get; set; } = "qingzhou";

    public string RetentionPolicy { get; set; } = "";

    /// <summary>v2: organisation, bucket and API token.</summary>
    public string Org { get; set; } = "qingzhou";

    public string Bucket { get; set; } = "qingzhou";

    public string Token { get; set; } = "";
}
