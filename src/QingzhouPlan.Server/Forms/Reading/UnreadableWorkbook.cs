namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>Why a file cannot be read as a workbook, in words for the clerk who sent it.</summary>
public sealed class UnreadableWorkbook(string message) : Exception(message);
