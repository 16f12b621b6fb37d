using System.Globalization;
using System.Text;

namespace Membership.StripeEmulator.Invoices;

/// <summary>The file behind an invoice's <c>invoice_pdf</c>: a one-page PDF listing its lines and totals.</summary>
internal static class InvoicePdf
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/i/{id}/pdf", (string id, EmulatorState state) =>
    {
        lock (state.Gate)
        {
            var invoice = state.Invoices.Find(id);
            if (invoice is null || invoice.Status == "draft")
                return Results.NotFound();
            var text = new List<string> { $"Invoice {invoice.Number}", $"Status: {invoice.Status}" };
            text.AddRange(invoice.Lines.Select(l => $"{l.Description}: {CurrencyAmount.Format(l.Amount, invoice.Currency)}"));
            if (invoice.DiscountTotal > 0)
                text.Add($"Discount: -{CurrencyAmount.Format(invoice.DiscountTotal, invoice.Currency)}");
            text.Add($"Total: {CurrencyAmount.Format(invoice.Total, invoice.Currency)}");
            text.Add($"Amount due: {CurrencyAmount.Format(invoice.AmountDue, invoice.Currency)}");
            return Results.File(Render(text), "application/pdf", $"Invoice-{invoice.Number}.pdf");
        }
    });

    /// <summary>The smallest valid PDF that shows the lines: one page, Helvetica, and the cross-reference table.</summary>
    public static byte[] Render(IReadOnlyList<string> lines)
    {
        var content = new StringBuilder("BT /F1 11 Tf 50 780 Td 16 TL\n");
        foreach (var line in lines)
            content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
        content.Append("ET");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.Latin1.GetByteCount(content.ToString())} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>PDF strings escape parentheses and backslashes; what Latin-1 cannot show becomes '?'.</summary>
    private static string Escape(string text) =>
        new([.. text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)
            .Select(c => c <= 0xFF ? c : '?')]);
}
