#:property PublishAot=false

// WordPress import speed and memory: generates a WordPress export (WXR 1.2) with N comments, then runs the
// built app's `import wxr` on it as an operator would (a child process on a fresh SQLite file) and prints the
// time and the process's peak working set (VmHWM). Several sizes show whether memory stays flat.
// Run from the repository root, after `dotnet build src/CommentModeration.Web -c Release`:
//   dotnet run -c Release tests/load/WxrImportSpeed.cs -- [comments ...]   (default 1,000,000; e.g. -- 100000 1000000)
// Files are kept under the temp folder (cm-wxr-speed) for later runs. Prints figures; asserts nothing.
using System.Diagnostics;
using System.Globalization;
using System.Text;

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000_000];
var root = Directory.GetCurrentDirectory();
var app = Path.Combine(root, "src/CommentModeration.Web/bin/Release/net10.0/CommentModeration.Web.dll");
if (!File.Exists(app))
{
    Console.Error.WriteLine($"Build the app first: dotnet build src/CommentModeration.Web -c Release (no {app}).");
    return 2;
}
var folder = Path.Combine(Path.GetTempPath(), "cm-wxr-speed");
Directory.CreateDirectory(folder);

foreach (var size in sizes)
{
    var file = Path.Combine(folder, $"export-{size}.wxr.xml");
    if (!File.Exists(file))
    {
        var generating = Stopwatch.StartNew();
        Generate(file, size);
        Console.WriteLine($"generated {size:N0} comments in {generating.Elapsed.TotalSeconds:F1} s: {new FileInfo(file).Length / 1024.0 / 1024:N0} MB");
    }
    var database = Path.Combine(folder, $"import-{size}.db");
    foreach (var leftover in Directory.GetFiles(folder, $"import-{size}.db*")) File.Delete(leftover);

    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var arg in new[] { app, "import", "wxr", file }) start.ArgumentList.Add(arg);
    start.Environment["ConnectionStrings__Default"] = $"Data Source={database}";
    start.Environment["DataProtection__KeysFolder"] = Path.Combine(folder, "keys");
    start.Environment["Demo__Seed"] = "false";
    start.Environment["DOTNET_ENVIRONMENT"] = "Production";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    long peak = 0;
    var cpu = TimeSpan.Zero;
    while (!process.WaitForExit(200))
    {
        peak = Math.Max(peak, PeakKilobytes(process.Id));
        try { cpu = process.TotalProcessorTime; } catch (InvalidOperationException) { }
    }
    clock.Stop();
    Console.Write(await output);
    if (process.ExitCode != 0) Console.Error.Write(await errors);
    Console.WriteLine($"{size:N0} comments: import took {clock.Elapsed.TotalSeconds:F1} s (the process, start to exit: migrations, checking and importing); peak working set {peak / 1024.0:N0} MB; CPU time {cpu.TotalSeconds:F1} s (load on the machine stretches the first figure, not this one)");
}
return 0;

// The process's high-water mark of resident memory, as the kernel keeps it.
static long PeakKilobytes(int pid)
{
    try
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }
    catch (IOException) { }
    return 0;
}

// 1,000 comments a post (threads, statuses as a busy site has them, some markup, a few pingbacks).
static void Generate(string path, int comments)
{
    const int PerPost = 1_000;
    var random = new Random(15);
    string[] sentences =
    [
        "I think the article leaves out the most important part of the story.",
        "Does anyone have a source for the figures in the third paragraph?",
        "Good reporting, thank you for covering this properly.",
        "I disagree, the evidence points the other way.",
        "Follow the money and the decision makes a lot more sense.",
        "We need a long-term plan, not another emergency measure.",
    ];
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
        <title>Load news</title>
        <link>https://load.example.org</link>
        <wp:wxr_version>1.2</wp:wxr_version>
        <wp:base_blog_url>https://load.example.org</wp:base_blog_url>

        """);
    long commentId = 1;
    for (var post = 1; (post - 1) * PerPost < comments; post++)
    {
        var date = new DateTime(2015, 1, 1).AddHours(post * 7);
        writer.Write($"""
            <item>
            <title><![CDATA[Story number {post}]]></title>
            <dc:creator><![CDATA[editor]]></dc:creator>
            <content:encoded><![CDATA[<p>The first paragraph of story {post}.</p>

            <p>The second paragraph, with <a href="https://example.org/">a link</a>.</p>]]></content:encoded>
            <excerpt:encoded><![CDATA[]]></excerpt:encoded>
            <wp:post_id>{post}</wp:post_id>
            <wp:post_date><![CDATA[{date:yyyy-MM-dd HH:mm:ss}]]></wp:post_date>
            <wp:post_date_gmt><![CDATA[{date:yyyy-MM-dd HH:mm:ss}]]></wp:post_date_gmt>
            <wp:comment_status><![CDATA[open]]></wp:comment_status>
            <wp:post_name><![CDATA[story-number-{post}]]></wp:post_name>
            <wp:status><![CDATA[publish]]></wp:status>
            <wp:post_type><![CDATA[post]]></wp:post_type>
            <wp:post_password><![CDATA[]]></wp:post_password>

            """);
        var first = commentId;
        var count = Math.Min(PerPost, comments - (post - 1) * PerPost);
        for (var i = 0; i < count; i++, commentId++)
        {
            var parent = i > 0 && random.Next(100) < 60 ? first + random.Next(i) : 0;
            var approved = random.Next(100) switch { < 80 => "1", < 93 => "0", < 98 => "spam", _ => "trash" };
            var type = random.Next(1000) == 0 ? "pingback" : "comment";
            var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => sentences[random.Next(sentences.Length)]));
            if (random.Next(10) == 0) text = $"<em>Quote:</em> {text}\n\n<a href=\"https://example.net/{commentId}\">source</a>";
            var author = random.Next(50_000);
            var at = date.AddMinutes(i * 3 + 1);
            writer.Write($"""
                <wp:comment>
                <wp:comment_id>{commentId}</wp:comment_id>
                <wp:comment_author><![CDATA[Reader {author}]]></wp:comment_author>
                <wp:comment_author_email><![CDATA[reader{author}@example.net]]></wp:comment_author_email>
                <wp:comment_author_url><![CDATA[]]></wp:comment_author_url>
                <wp:comment_author_IP><![CDATA[198.51.{author / 250 % 250}.{author % 250}]]></wp:comment_author_IP>
                <wp:comment_date><![CDATA[{at:yyyy-MM-dd HH:mm:ss}]]></wp:comment_date>
                <wp:comment_date_gmt><![CDATA[{at:yyyy-MM-dd HH:mm:ss}]]></wp:comment_date_gmt>
                <wp:comment_content><![CDATA[{text}]]></wp:comment_content>
                <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
                <wp:comment_type><![CDATA[{type}]]></wp:comment_type>
                <wp:comment_parent>{parent}</wp:comment_parent>
                <wp:comment_user_id>0</wp:comment_user_id>
                </wp:comment>

                """);
        }
        writer.Write("</item>\n");
    }
    writer.Write("</channel>\n</rss>\n");
}
