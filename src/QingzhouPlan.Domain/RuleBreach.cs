namespace QingzhouPlan.Domain;

/// <summary>
/// A rule a figure or a command breaks, told twice: in English for the API's problem details, and in Chinese
/// for the clerk who reads a form's findings or the page (<see cref="Refusal.Clerk"/>).
/// </summary>
public sealed record RuleBreach(string Message, string Clerk);
