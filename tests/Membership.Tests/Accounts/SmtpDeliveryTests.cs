using System.Net;
using System.Net.Sockets;
using System.Text;
using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Membership.Tests.Accounts;

public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task A_message_is_handed_to_the_SMTP_server_with_its_sender_and_recipient()
    {
        using var server = new RecordingSmtpServer();
        var delivery = new SmtpMailDelivery(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, UseStartTls = false }));
        var message = new MimeMessage { Subject = "Confirm your email address" };
        message.From.Add(MailboxAddress.Parse("no-reply@news.example.com"));
        message.To.Add(MailboxAddress.Parse("reader@example.test"));
        message.Body = new TextPart("plain") { Text = "Open http://127.0.0.1:5080/account/confirm-email?code=abc" };

        await delivery.DeliverAsync(message, CancellationToken.None);

        var session = await server.SessionAsync;
        Assert.Contains("MAIL FROM:<no-reply@news.example.com>", session, StringComparison.Ordinal);
        Assert.Contains("RCPT TO:<reader@example.test>", session, StringComparison.Ordinal);
        Assert.Contains("Subject: Confirm your email address", session, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not an address", 587, null, null, "Smtp__From")]
    [InlineData("no-reply@example.test", 0, null, null, "Smtp__Port")]
    [InlineData("no-reply@example.test", 587, "user", null, "Smtp__Username and Smtp__Password")]
    public void Bad_mail_settings_are_named(string from, int port, string? username, string? password, string named)
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { From = from, Port = port, Username = username, Password = password });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rate_limits_are_named()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { SignIn = 0, Window = TimeSpan.Zero });

        Assert.Contains("RateLimits__SignIn", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("RateLimits__Window", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>Just enough of an SMTP server (no TLS, no auth) to record one session.</summary>
    private sealed class RecordingSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public RecordingSmtpServer()
        {
            _listener.Start();
            SessionAsync = RecordAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public Task<string> SessionAsync { get; }

        public void Dispose() => _listener.Stop();

        private async Task<string> RecordAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            var session = new StringBuilder();
            await writer.WriteLineAsync("220 test ESMTP");
            var inData = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                session.AppendLine(line);
                if (inData)
                {
                    if (line == ".")
                    {
                        inData = false;
                        await writer.WriteLineAsync("250 queued");
                    }
                    continue;
                }
                var command = line.Split(' ')[0].ToUpperInvariant();
                await writer.WriteLineAsync(command switch
                {
                    "EHLO" => "250 test",
                    "DATA" => "354 go ahead",
                    "QUIT" => "221 bye",
                    _ => "250 ok",
                });
                inData = command == "DATA";
                if (command == "QUIT")
                    break;
            }
            return session.ToString();
        }
    }
}
