using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>Posts HTML forms the way a browser without JavaScript does: every field the page rendered (hidden ones and the antiforgery token included), overridden by the test's values.</summary>
public static class FormClient
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        return Parser.ParseDocument(html);
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>
    /// GETs <paramref name="pageUrl"/>, fills the form matched by <paramref name="formSelector"/> and submits it
    /// (to <paramref name="submitTo"/> when given: another server of the same site).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, string formSelector,
        IReadOnlyDictionary<string, string> values, bool includeAntiforgery = true, HttpClient? submitTo = null)
    {
        var form = FormIn(await client.GetDocumentAsync(pageUrl), formSelector, pageUrl, includeAntiforgery);
        return await (submitTo ?? client).PostAsync(form.Target, form.With(values));
    }

    /// <summary>The form matched by <paramref name="formSelector"/> on a page served at <paramref name="pageUrl"/>, as a browser would send it.</summary>
    public static PageForm FormIn(IHtmlDocument document, string formSelector, string pageUrl, bool includeAntiforgery = true)
    {
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            if (!includeAntiforgery && name == "__RequestVerificationToken") continue;
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked) fields.Add(new(name, input.Value));
                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement textArea:
                    fields.Add(new(name, textArea.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
            }
        }
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : new Uri(new Uri("http://localhost" + pageUrl), action).PathAndQuery;
        return new PageForm(target, fields);
    }
}

/// <summary>A form as a page rendered it: where it posts, and its fields with their values (hidden ones and the antiforgery token included).</summary>
public sealed record PageForm(string Target, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string this[string name] => Fields.First(f => f.Key == name).Value;

    /// <summary>The form's fields, those named in <paramref name="values"/> set to them, ready to post (again: the content is made anew each call).</summary>
    public FormUrlEncodedContent With(IReadOnlyDictionary<string, string>? values = null) =>
        new(values is null ? Fields : Fields.Where(f => !values.ContainsKey(f.Key)).Concat(values));
}
