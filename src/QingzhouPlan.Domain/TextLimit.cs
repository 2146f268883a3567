namespace QingzhouPlan.Domain;

/// <summary>
/// How long a reason, basis, legal basis or note may be, wherever it is given: a JSON command, a form's cell,
/// a reorganisation. (A task's progress narrative, a report of its own, may be twice as long.)
/// </summary>
public static class TextLimit
{
    public const int Characters = 2000;

    public static string TooLong => $"at most {Characters} characters";

    public static string TooLongClerk => $"不能超过 {Characters} 字";
}
