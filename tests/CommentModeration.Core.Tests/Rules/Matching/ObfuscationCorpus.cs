namespace CommentModeration.Core.Tests.Rules.Matching;

/// <summary>
/// A held-out set for the word matcher: a word list, comments that hide its terms (grouped by
/// the kind of trick), and clean news sentences full of the look-alikes each kind could
/// mistake for a term (grouped by the kind they tempt). Written before the matcher learned the
/// kinds, and not tuned on afterwards.
/// </summary>
internal static class ObfuscationCorpus
{
    public const string Rendering = "text as it renders";
    public const string Symbols = "symbols for letters";
    public const string Masks = "one masked letter";
    public const string Plurals = "regular plurals";
    public const string Phrases = "phrases joined or split";
    public const string LookAlikes = "look-alike letters";
    public const string Invisible = "invisible characters and emoji";
    public const string Spaced = "spaced letters";
    public const string Compounds = "hyphenated compounds";
    public const string Combined = "several kinds at once";
    public const string Ordinary = "ordinary text";

    public static readonly string[] Kinds = [Rendering, Symbols, Masks, Plurals, Phrases, LookAlikes, Invisible, Spaced, Compounds, Combined, Ordinary];

    public static readonly string[] Terms =
    [
        "idiot", "moron", "bitch", "shit", "fuck", "cunt", "slut", "whore", "bastard", "retard", "loser",
        "dickhead", "asshole", "scumbag", "hussy", "floozy",
        "kill yourself", "lying scum", "go die",
    ];

    public static readonly (string Kind, string Text)[] Obfuscated =
    [
        (Rendering, "You &#105;diot, read the article."),
        (Rendering, "What an id&#x69;ot this mayor is."),
        (Rendering, "Such a bi&#116;ch move by the council."),
        (Rendering, "Total mo&shy;ron behind the wheel."),
        (Rendering, "Just kill&nbsp;yourself already."),
        (Rendering, "That is sh&iacute;t reporting."),
        (Rendering, "What a *mo*ron, honestly."),
        (Rendering, "The id**io**t strikes again."),
        (Rendering, "Another bi`tch` of a column."),
        (Rendering, "You are a lo<b>ser</b> and everyone knows."),
        (Rendering, "Pure bul<em></em>lshit from a bas<i>tar</i>d."),
        (Rendering, "What a sl&#x75;t."),

        (Symbols, "You !d!ot, nobody asked."),
        (Symbols, "What a b!tch of a week."),
        (Symbols, "Typical m()r()n take."),
        (Symbols, "Stop it, |\\/|oron."),
        (Symbols, "Oh f|_|ck off."),
        (Symbols, "This is s|-|it."),
        (Symbols, "What a wh()re."),
        (Symbols, "Such a l()ser."),
        (Symbols, "Absolute sh!t."),
        (Symbols, "You are a re7ard and a |\\/|()r()n."),

        (Masks, "Oh f*ck, not again."),
        (Masks, "Total sh*t show."),
        (Masks, "What a b*tch."),
        (Masks, "You c*nt."),
        (Masks, "What a bast*rd."),
        (Masks, "What an id#ot."),
        (Masks, "The mayor is a mor%n."),
        (Masks, "Such a sc*mbag."),
        (Masks, "Go away, l*ser."),
        (Masks, "That ass#ole again."),

        (Plurals, "You are all idiots."),
        (Plurals, "Bunch of morons in charge."),
        (Plurals, "Those bitches again."),
        (Plurals, "A council of sluts and whores."),
        (Plurals, "Lying bastards, all of them."),
        (Plurals, "Only losers read this paper."),
        (Plurals, "Hussies and floozies, said the vicar."),
        (Plurals, "Typical dickheads."),
        (Plurals, "Scumbags everywhere."),
        (Plurals, "These IDIOTS never learn."),
        (Plurals, "What assholes."),

        (Phrases, "Just killyourself."),
        (Phrases, "#killyourself"),
        (Phrases, "kill-yourself now"),
        (Phrases, "Please kil lyourself."),
        (Phrases, "KillYourSelf, mate."),
        (Phrases, "kill your self"),
        (Phrases, "The #LyingScum of Westminster."),
        (Phrases, "lying-scum politicians"),
        (Phrases, "Why don't you GoDie."),
        (Phrases, "Go-die, troll."),
        (Phrases, "lyingscum"),

        (LookAlikes, "You m\u0585r\u0585n."),                       // Armenian o
        (LookAlikes, "This is s\u0570it."),                         // Armenian h
        (LookAlikes, "What a sl\u057Dt."),                          // Armenian u
        (LookAlikes, "\u13DEO\u13DAER"),                            // Cherokee L, S
        (LookAlikes, "\u13B7ORON"),                                 // Cherokee M
        (LookAlikes, "\u13A0ICK\u13BBEA\u13A0"),                    // Cherokee D, H
        (LookAlikes, "\u039C\u039FR\u039F\u039D"),                  // Greek capitals M O O N
        (LookAlikes, "S\u0397\u0399\u03A4"),                        // Greek capitals H I T
        (LookAlikes, "You ldiot."),                                 // l for capital I
        (LookAlikes, "SHlT NEWS"),                                  // l for I among capitals
        (LookAlikes, "B\u006CTCH"),
        (LookAlikes, "\u24D8\u24D3\u24D8\u24DE\u24E3"),             // circled
        (LookAlikes, "\u24B8\u24CA\u24C3\u24C9"),                   // circled capitals
        (LookAlikes, "\u1D0D\u1D0F\u0280\u1D0F\u0274"),             // small capitals
        (LookAlikes, "\uA731\u029F\u1D1C\u1D1B"),                   // small capitals
        (LookAlikes, "\U0001D58B\U0001D59A\U0001D588\U0001D590"),   // mathematical Fraktur
        (LookAlikes, "\U0001F178\U0001F173\U0001F178\U0001F17E\U0001F183"), // negative squared
        (LookAlikes, "\uFF42\uFF49\uFF54\uFF43\uFF48"),             // fullwidth

        (Invisible, "i\U000E0020d\U000E0069iot"),                   // tag characters
        (Invisible, "mo\u202Dron"),                                 // bidi override
        (Invisible, "bi\u2066tch\u2069"),                           // bidi isolate
        (Invisible, "s\u200Bl\u200Cu\u200Dt"),                     // zero-width
        (Invisible, "i\U0001F600d\U0001F600i\U0001F600o\U0001F600t"),
        (Invisible, "sh\U0001F4A9it"),
        (Invisible, "f\U0001F525u\U0001F525c\U0001F525k"),
        (Invisible, "mo\u2764\uFE0Fron"),
        (Invisible, "bas\u2B50tard"),
        (Invisible, "who\u200Bre\u2060"),

        (Spaced, "You are a b i t c h"),
        (Spaced, "What a m o r o n."),
        (Spaced, "I s h i t you not, it was a s l u t"),
        (Spaced, "such a\nb\ni\nt\nc\nh"),
        (Spaced, "you\ni\nd\ni\no\nt"),
        (Spaced, "a l o s e r"),
        (Spaced, "You are a w h o r e"),
        (Spaced, "Well I f u c k it up"),
        (Spaced, "a c u n t"),

        (Compounds, "What a dick-head."),
        (Compounds, "Total scum-bag."),
        (Compounds, "Such an ass-hole."),
        (Compounds, "A shit-show from start to end."),
        (Compounds, "That fuck-wit."),
        (Compounds, "Mega-idiot of the year."),
        (Compounds, "Dick\u2010head"),
        (Compounds, "ass\u2013hole"),
    ];

    /// <summary>Tricks of two kinds together, written after the matcher passed the rest: how far the kinds compose.</summary>
    public static readonly (string Kind, string Text)[] CombinedObfuscated =
    [
        (Combined, "\uFF4D\uFF4F\uFF52\uFF4F\uFF4E\uFF53 in charge"),    // fullwidth, plural
        (Combined, "B1TCHES"),
        (Combined, "f.u.c.k off"),
        (Combined, "\u1D05\u026A\u1D04\u1D0B\u029C\u1D07\u1D00\u1D05"),  // small capitals, compound
        (Combined, "a$$hole"),
        (Combined, "id1ots"),
        (Combined, "m0r0ns"),
        (Combined, "&#102;uck"),
        (Combined, "bi<em>tc</em>h"),
        (Combined, "wh0r3s"),
        (Combined, "Kill-Your-Self"),
        (Combined, "k1ll y0urself"),
        (Combined, "L0SER"),
        (Combined, "lo$er"),
        (Combined, "b!tches"),
        (Combined, "r3tard"),
        (Combined, "cu\u0578t"),
        (Combined, "\U0001D41F\U0001D42E\U0001D41C\U0001D424"),
        (Combined, "sc*mbags"),
        (Combined, "idi0t$"),
        (Combined, "bastard\u200Bs"),
        (Combined, "sh\u0456t"),
        (Combined, "dickheads!"),
        (Combined, "DICK-HEADS"),
        (Combined, "\u24DB\u24DE\u24E2\u24D4\u24E1\u24E2"),
        (Combined, "|\\/|0r0n"),
        (Combined, "s l u t s"),
        (Combined, "a s h i t"),
        (Combined, "#lyingscum"),
        (Combined, "mo&shy;rons"),
    ];

    public static readonly (string Kind, string Text)[] Clean =
    [
        (Rendering, "AT&amp;T and Verizon raised prices again."),
        (Rendering, "Inflation stayed at 2 &lt; 3 percent, the bank said."),
        (Rendering, "&copy; 2026 The Daily Courier."),
        (Rendering, "Caf&eacute; owners in Fran&ccedil;ois Street protested."),
        (Rendering, "Tickets cost &#8364;10 at the door."),
        (Rendering, "The *new* bridge opens on *Monday*."),
        (Rendering, "Use `git pull` before you start."),
        (Rendering, "A <b>bold</b> claim from the minister."),
        (Rendering, "Line one<br>line two of the notice."),
        (Rendering, "He wrote __two__ words in bold."),
        (Rendering, "The mayor of <em>Scunthorpe</em> replied."),
        (Rendering, "R&amp;D spending rose to &pound;4 billion."),
        (Rendering, "Jobs &amp; skills fair in Essex."),
        (Rendering, "Q&amp;A with the chief constable."),
        (Rendering, "He said *it is not* over."),
        (Rendering, "The council *did* approve the plan."),

        (Symbols, "Yahoo! and Google both bid for the contract."),
        (Symbols, "Wow!!! What a goal in the final minute."),
        (Symbols, "In code, x != y means they differ."),
        (Symbols, "The !Kung people of the Kalahari were studied."),
        (Symbols, "Panic! at the Disco play Leeds tonight."),
        (Symbols, "Call f() twice and check the result."),
        (Symbols, "The votes (all 312 of them) were counted."),
        (Symbols, "Item (a) and item (b) were approved."),
        (Symbols, "The absolute value |x| is never negative."),
        (Symbols, "A|B testing showed no difference."),
        (Symbols, "Use a || b in the condition."),
        (Symbols, "The path was http:\\/\\/example.com in the JSON."),
        (Symbols, "Jeopardy! returns in the autumn."),
        (Symbols, "Hello!Magazine ran the story first."),
        (Symbols, "word(s) and vote(s) in the form"),
        (Symbols, "Oh!Idris, the band, played a set."),

        (Masks, "5*3 equals 15, the teacher wrote."),
        (Masks, "C# and F# are both on the syllabus."),
        (Masks, "The F# minor sonata was played."),
        (Masks, "M*A*S*H reruns still draw viewers."),
        (Masks, "A* grades rose at the academy."),
        (Masks, "Delete every *.txt file first."),
        (Masks, "The formula a*b*c gives the volume."),
        (Masks, "#MeToo changed the industry."),
        (Masks, "Prices rose 50%on the day, traders said."),
        (Masks, "SELECT * FROM results WHERE id = 4"),
        (Masks, "The Sh*tland Ponies rescue is a charity name."),
        (Masks, "Ship #4 docked at noon."),
        (Masks, "Her wh*le career was in public service."),
        (Masks, "The star rating was 4*."),
        (Masks, "Hot*Pot is a restaurant in Leith."),
        (Masks, "Call 0800 123#456 for help."),

        (Plurals, "Losses at the bank widened."),
        (Plurals, "The shop closes at six."),
        (Plurals, "Nobody dies in the final act."),
        (Plurals, "Air bases in the north were reinforced."),
        (Plurals, "He lies awake at night."),
        (Plurals, "The Bitche fortress in Lorraine reopened."),
        (Plurals, "Moroni is the capital of the Comoros."),
        (Plurals, "Slutsk in Belarus hosted the festival."),
        (Plurals, "Cuntis in Galicia has hot springs."),
        (Plurals, "Idioms differ between regions."),
        (Plurals, "The retardant was dropped from planes."),
        (Plurals, "Whorlton village fete raised funds."),
        (Plurals, "Shitakes and other mushrooms sold out."),
        (Plurals, "The Bastardo family ran the mill."),
        (Plurals, "Closers and setters in baseball."),
        (Plurals, "Scums and froths on the pond, the ranger said."),

        (Phrases, "Training can skill yourself up quickly."),
        (Phrases, "Kill your darlings, editors say."),
        (Phrases, "A lying scumble of paint on the canvas."),
        (Phrases, "Hugo Diet wins the cup."),
        (Phrases, "Ago diets were simpler."),
        (Phrases, "Let us go diesel instead."),
        (Phrases, "The go-kart track reopened."),
        (Phrases, "Yourself and your family are welcome."),
        (Phrases, "The soldier was killed yourselves of the doubt."),
        (Phrases, "Skillyourself Academy opened a branch."),
        (Phrases, "Flying scuba divers found the wreck."),
        (Phrases, "We go diving at the weekend."),
        (Phrases, "#GoDiego trended after the match."),
        (Phrases, "Indigo dies are expensive."),
        (Phrases, "God, i.e. the creator, appears in the poem."),
        (Phrases, "Don't kill your self-esteem over one review."),
        (Phrases, "The killyourselfie trend worried doctors."),
        (Phrases, "Ready to go? Diecast models are included."),

        (LookAlikes, "\u0540\u0561\u0575\u0561\u057D\u057F\u0561\u0576 and \u0535\u0580\u0587\u0561\u0576 signed the deal."),
        (LookAlikes, "\u13E3\u13B3\u13A9 is taught in Oklahoma schools."),
        (LookAlikes, "The \u039F\u039C\u039F\u039D\u039F\u0399\u0391 square was crowded."),
        (LookAlikes, "\u0395\u039B\u039B\u0391\u0394\u0391 won the vote."),
        (LookAlikes, "\u039D\u0391\u03A4\u039F allies met in Brussels."),
        (LookAlikes, "The Greek word \u03BC\u03C9\u03C1\u03CC\u03BD means foolish."),
        (LookAlikes, "Lloyd and the llama farm in Wales."),
        (LookAlikes, "lol, the ILLINOIS result surprised everyone."),
        (LookAlikes, "Ltd companies and LLC firms filed."),
        (LookAlikes, "The KLM flight landed in Oslo."),
        (LookAlikes, "\u24C5\u24C7\u24BA\u24C8\u24C8 freedom index"),
        (LookAlikes, "\u1D1B\u029C\u1D07 \u0274\u1D07\u1D21\u0073 in small capitals"),
        (LookAlikes, "\uFF2E\uFF25\uFF37\uFF33 in fullwidth"),
        (LookAlikes, "\U0001D413\U0001D421\U0001D41E mathematical bold The"),
        (LookAlikes, "\u0421\u0432\u043E\u0431\u043E\u0434\u0430 and \u041C\u043E\u0441\u043A\u0432\u0430 in the headline."),
        (LookAlikes, "Jan lbs and ldl cholesterol figures."),

        (Invisible, "Great job\U0001F44Dthanks to the team."),
        (Invisible, "I\u2764NY shirts sold out."),
        (Invisible, "Go team\U0001F389win the cup."),
        (Invisible, "Sun\u2600and rain this weekend."),
        (Invisible, "The flag \U0001F3F4\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F flew over Cardiff."),
        (Invisible, "Arabic \u0627\u0644\u0633\u0644\u0627\u0645 text with \u200Fmarks."),
        (Invisible, "As\u200Bsessment of the plan is due."),
        (Invisible, "Cock\u2B50tail hour at the gala."),
        (Invisible, "Is\U0001F600hit the target, the coach said."),
        (Invisible, "Emoji \U0001F602\U0001F602\U0001F602 everywhere."),
        (Invisible, "Class\u200Dic cars rally."),
        (Invisible, "Pass\U0001F44Dion fruit is in season."),
        (Invisible, "Ba\u200Bss guitar lessons."),
        (Invisible, "Shi\u2764take risotto recipe."),
        (Invisible, "Hull\U0001F30Ftide warning."),

        (Spaced, "Grades A B C and D were awarded."),
        (Spaced, "The U S A team won."),
        (Spaced, "I O U notes were found."),
        (Spaced, "Vitamins A D E K are fat-soluble."),
        (Spaced, "Plan B a t the start."),
        (Spaced, "Options:\na\nb\nc"),
        (Spaced, "a s s e s s m e n t of the plan"),
        (Spaced, "I am a b c d"),
        (Spaced, "Rows x y z are empty."),
        (Spaced, "Flats 4 5 and 6 were flooded."),
        (Spaced, "Type y or n to continue."),
        (Spaced, "Section I a b and c apply."),
        (Spaced, "A B C D E F G on the piano."),
        (Spaced, "I s a w it on the news."),
        (Spaced, "a h a moment for the team"),

        (Compounds, "Moby-Dick is on the syllabus."),
        (Compounds, "Grantly Dick-Read wrote on childbirth."),
        (Compounds, "The as-salaam greeting was heard."),
        (Compounds, "Well-known co-operative societies met."),
        (Compounds, "Stratford-upon-Avon theatre reopened."),
        (Compounds, "Anglo-Saxon coins were found."),
        (Compounds, "Saxe-Coburg and Gotha."),
        (Compounds, "A mass-hole in the road, the engineer joked."),
        (Compounds, "The Shi-tzu won best in show."),
        (Compounds, "Bas-relief carvings were restored."),
        (Compounds, "Pre-tax profits rose."),
        (Compounds, "Lo-fi music and hi-fi sets."),
        (Compounds, "Go-between diplomats met."),
        (Compounds, "Mid-scum-mer jokes aside, the council met."),
        (Compounds, "The cul-de-sac was closed."),
        (Compounds, "The Swiss site bit.ch went offline."),

        (Ordinary, "Scunthorpe United drew with Penistone."),
        (Ordinary, "Essex, Sussex and Middlesex voted."),
        (Ordinary, "The assassin was never caught."),
        (Ordinary, "Dickens wrote about Cockburn's cocktail."),
        (Ordinary, "Clitheroe and Twatt are real places."),
        (Ordinary, "Shittlehope and Shitterton are villages."),
        (Ordinary, "Fucking in Austria was renamed Fugging."),
        (Ordinary, "Die Schie\u00DFerei in Stra\u00DFburg war schrecklich."),
        (Ordinary, "Der Idiotentest hei\u00DFt offiziell MPU."),
        (Ordinary, "Quelle connerie, dit le ministre fran\u00E7ais."),
        (Ordinary, "El idiota de Dostoievski es una novela."),
        (Ordinary, "Szcz\u0119\u015Bcie w \u0141odzi i Przemy\u015Blu."),
        (Ordinary, "Je kunt het nieuws online lezen."),
        (Ordinary, "Facket i Sverige str\u00E4jkar."),
        (Ordinary, "The Bastille was stormed in 1789."),
        (Ordinary, "Dick Cheney served as vice president."),
        (Ordinary, "Moroccan mint tea is popular."),
        (Ordinary, "Our therapist is on leave."),
        (Ordinary, "Her analysis of the grape harvest."),
        (Ordinary, "Arsenal beat Sunderland 4-3 on Sunday."),
        (Ordinary, "COVID-19 cases fell in the M1 corridor."),
        (Ordinary, "Room 101 at 3.14 pm, version v1.2.3."),
        (Ordinary, "for (var i = 0; i < n; i++) sum += a[i];"),
        (Ordinary, "x_1 + y_2 = snake_case_names in Python."),
        (Ordinary, "kill -9 1234 stops the process."),
        (Ordinary, "std::string s = foo->bar();"),
        (Ordinary, "The Hancock and Cummings inquiry resumed."),
        (Ordinary, "Kuntsevo station in Moscow was closed."),
        (Ordinary, "Shiitake prices doubled."),
        (Ordinary, "The Loserth report was published."),
        (Ordinary, "Idiosyncratic choices by the selectors."),
        (Ordinary, "Moronic is not a word we print, the editor said."),
        (Ordinary, "Bitcoin fell 4% on Tuesday."),
        (Ordinary, "The whorl of a fingerprint."),
        (Ordinary, "Scumble is a painting technique."),
        (Ordinary, "A hussar regiment paraded."),
        (Ordinary, "Flooz was a dot-com currency."),
        (Ordinary, "Slutty? No, Slutsky, the economist."),
        (Ordinary, "Shuttle buses run from Hull."),
        (Ordinary, "He was retarded? No: the rocket's descent was retarded by the chute."),
    ];
}
