using System.Text.Encodings.Web;

namespace Membership.StripeEmulator.Wire;

/// <summary>The frame of the emulator's hosted pages (Checkout, the billing portal): plain, accessible HTML.</summary>
internal static class HostedPage
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static IResult Html(string title, string body, int status = 200) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
        .test-mode { background: #ffde92; color: #5a3b00; padding: .25rem .5rem; border-radius: .25rem; font-size: .8rem; display: inline-block; }
        label { display: block; margin-top: 1rem; font-weight: 600; }
        input { font-size: 1rem; padding: .5rem; width: 100%; box-sizing: border-box; }
        button { margin-top: 1rem; font-size: 1rem; padding: .6rem 1.2rem; background: #635bff; color: #fff; border: 0; border-radius: .3rem; cursor: pointer; }
        button.secondary { background: #e3e8ee; color: #1a1a1a; }
        [role=alert] { color: #b3093c; margin-top: 1rem; }
        .notice { color: #0a6b3d; margin-top: 1rem; }
        section { border-top: 1px solid #e3e8ee; margin-top: 1.5rem; padding-top: 1rem; }
        </style>
        </head>
        <body>
        <p class="test-mode">Test mode · Membership Stripe emulator</p>
        <main>
        <h1>{{Encode(title)}}</h1>
        {{body}}
        </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    public static string Money(long amount, string currency) => CurrencyAmount.Format(amount, currency);

    public static string Date(long unix) =>
        DateTimeOffset.FromUnixTimeSeconds(unix).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
