using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace QingzhouPlan.Server.Drafts;

/// <summary>
/// The text of an uploaded plan document: UTF-8 text as it is, or a Word file's paragraphs one per line. A Word file
/// with macros or with links to outside files is refused rather than opened: a plan document needs neither, and the
/// server never follows them. The answer is the text or the refusal in words.
/// </summary>
public static class PlanDocumentText
{
    public static (string? Text, string? Problem, string? Clerk) Read(byte[] body)
    {
        if (body.Length == 0)
            return (null, "the document is empty", "上传的文件是空的");
        if (body.AsSpan().StartsWith("PK"u8))
            return Word(body);
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body).TrimStart('\uFEFF');
            return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
                ? (null, "the document is neither UTF-8 text nor a .docx file", "文件须为 UTF-8 文本或 Word（.docx）文件")
                : (text, null, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "the document is neither UTF-8 text nor a .docx file", "文件须为 UTF-8 文本或 Word（.docx）文件");
        }
    }

    private static (string?, string?, string?) Word(byte[] body)
    {
        try
        {
            using var word = WordprocessingDocument.Open(new MemoryStream(body), false);
            if (word.DocumentType != DocumentFormat.OpenXml.WordprocessingDocumentType.Document || word.MainDocumentPart?.VbaProjectPart is not null)
                return (null, "the Word file carries macros", "Word 文件含有宏，不予读取；请另存为不含宏的 .docx 文件");
            // Web links in the text are words; a linked file, picture or remote template is something the server would fetch.
            if (word.ExternalRelationships.Any() || word.GetAllParts().Any(p => p.ExternalRelationships.Any()))
                return (null, "the Word file links to outside files", "Word 文件链接了外部文件，不予读取；请删除外部链接后再上传");
            var paragraphs = word.MainDocumentPart?.Document.Body?.Descendants<Paragraph>().Select(p => p.InnerText) ?? [];
            return (string.Join('\n', paragraphs), null, null);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            return (null, "the file is not a readable .docx", "文件不是可读取的 Word（.docx）文件");
        }
    }
}
