using System.IO.Compression;

namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// Looks inside an upload before any spreadsheet library does: it must be a zip holding a workbook, with
/// no more entries than allowed, unpacking to no more than allowed. Sizes are counted while inflating,
/// not taken from the zip's directory, which a crafted file (a zip bomb) can state falsely.
/// </summary>
public static class ZipGuard
{
    public const string NotAWorkbook = "文件不是 Excel 工作簿（.xlsx），或已损坏；请用报表模板填写后另存为 .xlsx 上传";

    /// <summary>
    /// An .xls (Excel 97–2003) file, or a workbook with a password (both are OLE compound files). The old binary
    /// format is refused rather than read: a second parser of a format with its own long record of parser flaws, for a
    /// file every program the departments use (Excel, WPS, LibreOffice) saves as .xlsx in one step.
    /// </summary>
    public const string LegacyWorkbook =
        "文件是旧版 Excel 97-2003 工作簿（.xls）或加了密码的工作簿，系统不读取此类文件；请在 Excel、WPS 或 LibreOffice 中打开，"
        + "用“另存为”选择“Excel 工作簿（*.xlsx）”并取消密码后上传";

    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static string? Problem(byte[] file, FormLimits limits)
    {
        if (file.AsSpan().StartsWith(CompoundFile))
            return LegacyWorkbook;
        if (file.Length < 4 || file[0] != 'P' || file[1] != 'K')
            return NotAWorkbook;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxEntries)
                return $"工作簿内含 {zip.Entries.Count} 个部件，超过上限 {limits.MaxEntries}，拒收";
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is null)
                return NotAWorkbook;
            var buffer = new byte[81920];
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                using var content = entry.Open();
                int read;
                while ((read = content.Read(buffer)) > 0)
                    if ((unpacked += read) > limits.MaxUnpackedBytes)
                        return $"工作簿解压后超过 {limits.MaxUnpackedBytes / (1024 * 1024)} MiB，拒收（疑似压缩炸弹）";
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return NotAWorkbook;
        }
    }
}
