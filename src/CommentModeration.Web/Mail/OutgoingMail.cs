using System.Net;
using System.Text;
using MimeKit;

namespace CommentModeration.Web.Mail;

/// <summary>A mail the site sends: one reader, a subject, a body; <see cref="UnsubscribeUrl"/> for mails a reader can stop.</summary>
public sealed record OutgoingMail(string To, string Subject, MailBody Body)
{
    public string? UnsubscribeUrl { get; init; }

    public MimeMessage ToMimeMessage(MailboxAddress from, DateTimeOffset date)
    {
        // A subject carries readers' names: no line break of theirs may start a header of its own.
        var message = new MimeMessage { Subject = string.Concat(Subject.Select(c => char.IsControl(c) ? ' ' : c)), Date = date };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(To));
        // Mail programs offer their own "unsubscribe" for this header; it opens the same page as the link.
        if (UnsubscribeUrl is not null) message.Headers.Add(HeaderId.ListUnsubscribe, $"<{UnsubscribeUrl}>");
        message.Body = new BodyBuilder { TextBody = Body.Text, HtmlBody = Body.Html }.ToMessageBody();
        return message;
    }
}

/// <summary>A mail's text, written once as plain text and as HTML, every value encoded for the HTML.</summary>
public sealed class MailBody
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();

    public string Text => _text.ToString();

    public string Html => $"<!DOCTYPE html><html><body>{_html}</body></html>";

    public MailBody Paragraph(string text)
    {
        _text.Append(text).Append("\n\n");
        _html.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>");
        return this;
    }

    /// <summary>A link on a line of its own: the address in full in the text part, behind <paramref name="label"/> in the HTML.</summary>
    public MailBody Link(string label, string url)
    {
        _text.Append(label).Append(":\n").Append(url).Append("\n\n");
        _html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</a></p>");
        return this;
    }

    /// <summary>A reader's words (a comment's text), set apart.</summary>
    public MailBody Quote(string text)
    {
        foreach (var line in text.Split('\n')) _text.Append("> ").Append(line.TrimEnd('\r')).Append('\n');
        _text.Append('\n');
        _html.Append("<blockquote>").Append(WebUtility.HtmlEncode(text).ReplaceLineEndings("<br>")).Append("</blockquote>");
        return this;
    }
}
