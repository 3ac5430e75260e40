using System.Text;

namespace Zzut.Workflows.Parsing;

/// <summary>
/// Turns the bytes of an uploaded XML document into text in the encoding it declares — its byte order mark, else the
/// charset of its media type, else the <c>encoding</c> of its XML declaration, else UTF-8 — and refuses bytes that are not
/// valid in that encoding instead of silently replacing them with U+FFFD. GB18030, GBK and GB2312 are understood
/// besides the Unicode encodings.
/// </summary>
public static class XmlDocumentDecoder
{
    private const int DeclarationScanBytes = 256;

    /// <summary>Decodes a document.</summary>
    /// <param name="bytes">The document as received.</param>
    /// <param name="charset">The charset parameter of the request's media type, if any.</param>
    /// <exception cref="BpmnValidationException">The encoding is unknown, or the bytes are not valid in it (the problem names the line).</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset = null)
    {
        var (bom, bomLength) = ByteOrderMark(bytes);
        var name = bom ?? (string.IsNullOrWhiteSpace(charset) ? null : charset.Trim().Trim('"')) ?? DeclaredEncoding(bytes) ?? "utf-8";
        var encoding = Strict(name)
            ?? throw Invalid(0, $"文档声明的编码 '{name}' 不受支持 (the declared encoding '{name}' is not supported; use UTF-8).");
        var body = bytes[bomLength..];
        try
        {
            return encoding.GetString(body);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Clamp(ex.Index, 0, body.Length);
            var line = Lenient(encoding).GetString(body[..offset]).Count(c => c == '\n') + 1;
            throw Invalid(line, $"文档不是有效的 {encoding.WebName} 编码 (the document is not valid {encoding.WebName} at byte {offset + bomLength}; it is refused, not repaired).");
        }
    }

    private static (string? Name, int Length) ByteOrderMark(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => ("utf-8", 3),
        [0xFF, 0xFE, 0x00, 0x00, ..] => ("utf-32", 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => ("utf-32BE", 4),
        [0xFF, 0xFE, ..] => ("utf-16", 2),
        [0xFE, 0xFF, ..] => ("utf-16BE", 2),
        // No mark, but a declaration in UTF-16 ("<?" as two-byte characters), as XML's autodetection reads it.
        [0x3C, 0x00, 0x3F, 0x00, ..] => ("utf-16", 0),
        [0x00, 0x3C, 0x00, 0x3F, ..] => ("utf-16BE", 0),
        _ => (null, 0),
    };

    /// <summary>The <c>encoding</c> of an XML declaration in an ASCII-compatible encoding, or null.</summary>
    private static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, DeclarationScanBytes)]);
        if (!head.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return null;
        }

        var end = head.IndexOf("?>", StringComparison.Ordinal);
        var declaration = end < 0 ? head : head[..end];
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = declaration[(at + "encoding".Length)..].TrimStart();
        if (!rest.StartsWith('='))
        {
            return null;
        }

        rest = rest[1..].TrimStart();
        if (rest.Length == 0 || rest[0] is not ('"' or '\''))
        {
            return null;
        }

        var close = rest.IndexOf(rest[0], 1);
        return close < 0 ? null : rest[1..close];
    }

    private static Encoding? Strict(string name)
    {
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
    }

    private static Encoding Lenient(Encoding strict)
    {
        var lenient = (Encoding)strict.Clone();
        lenient.DecoderFallback = DecoderFallback.ReplacementFallback;
        return lenient;
    }

    private static BpmnValidationException Invalid(int line, string message) => new([new BpmnError(null, line, message)]);
}
