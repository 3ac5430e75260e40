using System.Globalization;
using System.Text;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// A table written as CSV for people who open it in Excel or WPS: UTF-8 with a byte-order mark (so Chinese reads
/// right), CRLF line ends and RFC 4180 quoting; a cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return is prefixed with <c>'</c>, so that text someone entered (a system name such as
/// <c>=HYPERLINK(…)</c>) is shown as text and never run as a formula.
/// </summary>
public sealed class CsvTable
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private readonly StringBuilder text = new();
    private readonly int columns;

    /// <summary>A table with the given column headers.</summary>
    public CsvTable(IReadOnlyList<string> headers)
    {
        columns = headers.Count;
        Append(headers);
    }

    /// <summary>Adds a row; it must have one cell per column (null is an empty cell).</summary>
    public CsvTable Row(params object?[] cells)
    {
        if (cells.Length != columns)
        {
            throw new ArgumentException($"A row has {columns} cells, not {cells.Length}.", nameof(cells));
        }

        Append(cells);
        return this;
    }

    /// <summary>The table as UTF-8 bytes with the byte-order mark.</summary>
    public byte[] ToBytes() => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];

    /// <summary>One cell as written: neutralised and quoted where needed.</summary>
    public static string Cell(object? value)
    {
        var cell = value switch
        {
            null => string.Empty,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        if (cell.Length > 0 && Array.IndexOf(FormulaStarts, cell[0]) >= 0)
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private void Append(IEnumerable<object?> cells) => text.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
}
