using System.Text;

namespace Membership.Web.Importing;

/// <summary>One CSV record and the line it starts on (what a spreadsheet calls its row).</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Cells);

/// <summary>
/// RFC 4180 CSV: commas, CRLF or LF, fields in double quotes may hold commas, line breaks and doubled quotes.
/// Blank lines are left out. A quote that is never closed makes the rest of the text one field; the row check
/// then reports it rather than the whole file failing.
/// </summary>
public static class CsvRecords
{
    public static List<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                        line++;
                    cell.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    End();
                    line++;
                    start = line;
                    break;
                default:
                    cell.Append(c);
                    any = true;
                    break;
            }
        }
        End();
        return records;

        void End()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            if (any || cells.Count > 1)
                records.Add(new CsvRecord(start, [.. cells]));
            cells = [];
            any = false;
        }
    }
}
