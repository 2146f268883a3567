namespace QingzhouPlan.Server.Items;

/// <summary>
/// Stable names of the operations that write events. Each event carries its operation's name (header
/// <c>operation</c>), and a retry key's fingerprint hashes it with the command, so a name is stored data: it is
/// never changed, whatever the code that performs it is called.
/// </summary>
public static class Operations
{
    // The command names retry keys were first fingerprinted with: keys stored then keep their meaning.
    public const string ReportValue = "ReportValue";
    public const string CorrectValue = "CorrectValue";
    public const string RetractValue = "RetractValue";
    public const string VerifyValue = "VerifyValue";
    public const string AdjustTarget = "AdjustTarget";
    public const string ReassignOwner = "ReassignOwner";
    public const string ReportTaskProgress = "ReportTaskProgress";
    public const string PublishEdition = "PublishEdition";

    public const string CloseItem = "CloseItem";
    public const string CheckDeadlines = "CheckDeadlines";
    public const string CommitForm = "CommitForm";
    public const string LoadPlan = "LoadPlan";
    public const string ChangePlan = "ChangePlan";
    public const string RoundStep = "RoundStep";
    public const string OpenWindowException = "OpenWindowException";
    public const string OpenDraft = "OpenDraft";
    public const string ReviewDraft = "ReviewDraft";
    public const string AdoptDraft = "AdoptDraft";
}
