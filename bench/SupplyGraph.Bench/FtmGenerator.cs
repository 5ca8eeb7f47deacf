using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupplyGraph.Bench;

/// <summary>
/// Writes OpenSanctions-style FollowTheMoney JSON lines (the shape of <c>../shared/data/ftm/</c>'s Zala Aero
/// cluster) of any size, deterministically for a seed. Shared by the import benchmark (a 1 GB file) and the CLI's
/// streaming test (linked into SupplyGraph.Cli.Tests).
/// </summary>
/// <remarks>
/// The file is a sequence of clusters, as an export around one sanctioned company reads: the company (Latin and
/// Cyrillic names, INN/OGRN/KPP codes, addresses, notes, datasets, referents, first/last seen), 0–3 subsidiaries
/// owned by it (<c>Ownership</c> with percentage, start date and role), one or two directors (<c>Person</c> with
/// birth date and nationality, <c>Directorship</c>, sometimes <c>Family</c> and a <c>Passport</c>), an
/// <c>Address</c> entity, and 1–4 <c>Sanction</c>s per company from 40 programmes. Names are built from the words of
/// the real lists' names. Lines per cluster: about 14; bytes per line about 900 without padding.
/// <c>padding</c> adds that many characters to every party line (<c>notes</c>) and sanction line (<c>summary</c>):
/// text the mapping does not keep, as real exports carry, which changes the file's size but not the graph it produces.
/// </remarks>
public static class FtmGenerator
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Default };

    private static readonly string[] Words =
    [
        "Almaz", "Vostok", "Sever", "Tekhno", "Avia", "Stroy", "Energo", "Neft", "Gaz", "Trans", "Impuls", "Kvant", "Orion",
        "Granit", "Signal", "Radio", "Elektron", "Mash", "Prom", "Resurs", "Titan", "Volga", "Ural", "Baikal", "Zvezda",
        "Polyus", "Rubin", "Kristall", "Start", "Progress", "Vektor", "Alfa", "Del'ta", "Omega", "Sigma", "Zenit", "Sokol",
        "Berkut", "Korund", "Ferrit", "Mikron", "Optika", "Lazer", "Servis", "Invest", "Kapital", "Torg", "Eksport",
    ];

    private static readonly string[] Given = ["Aleksandr", "Sergei", "Dmitri", "Andrei", "Alexei", "Maria", "Elena", "Olga", "Ivan", "Mikhail", "Nikolai", "Tatiana", "Yuri", "Viktor", "Natalia", "Pavel"];
    private static readonly string[] Patronymic = ["Aleksandrovich", "Sergeevich", "Ivanovich", "Petrovich", "Nikolaevich", "Viktorovna", "Ivanovna", "Mikhailovna"];
    private static readonly string[] Family = ["Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Zakharov", "Osetrov", "Lebedev", "Kozlov"];
    private static readonly string[] Cities = ["Moscow", "Izhevsk", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg", "Samara", "Tula"];
    private static readonly string[] Datasets = ["us_ofac_sdn", "eu_fsf", "gb_fcdo_sanctions", "ua_nsdc_sanctions", "ch_seco_sanctions", "jp_mof_sanctions", "au_dfat_sanctions", "ca_dfatd_sema_sanctions", "ext_ru_egrul", "us_trade_csl"];
    private static readonly string[] Roles = ["subsidiary of", "shareholder", "parent company", "beneficial owner"];

    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['a'] = "а",
        ['b'] = "б",
        ['v'] = "в",
        ['g'] = "г",
        ['d'] = "д",
        ['e'] = "е",
        ['z'] = "з",
        ['i'] = "и",
        ['y'] = "й",
        ['k'] = "к",
        ['l'] = "л",
        ['m'] = "м",
        ['n'] = "н",
        ['o'] = "о",
        ['p'] = "п",
        ['r'] = "р",
        ['s'] = "с",
        ['t'] = "т",
        ['u'] = "у",
        ['f'] = "ф",
        ['h'] = "х",
        ['c'] = "ц",
        ['x'] = "кс",
        ['j'] = "дж",
        ['w'] = "в",
        ['q'] = "к",
    };

    /// <summary>What a written file holds.</summary>
    public sealed record Written(long Bytes, int Lines, int Clusters, int Parties, int Links);

    /// <summary>Writes clusters until the file reaches <paramref name="targetBytes"/>.</summary>
    public static Written WriteBytes(string path, long targetBytes, int padding = 300, int seed = 1260) =>
        Write(path, int.MaxValue, padding, seed, targetBytes);

    /// <summary>Writes <paramref name="clusters"/> clusters (and stops early at <paramref name="maxBytes"/>).</summary>
    public static Written Write(string path, int clusters, int padding = 300, int seed = 1260, long maxBytes = long.MaxValue)
    {
        var random = new Random(seed);
        // Padding draws from its own sequence, so that a file with more padding holds exactly the same graph.
        var filler = new Random(seed + 1);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        int lines = 0, parties = 0, links = 0, cluster = 0;
        void Line(object value)
        {
            writer.WriteLine(JsonSerializer.Serialize(value, Json));
            lines++;
        }

        for (; cluster < clusters; cluster++)
        {
            writer.Flush();
            if (stream.Length >= maxBytes)
            {
                break;
            }

            var id = $"NK-{cluster:x8}";
            var address = $"addr-{cluster:x8}";
            var city = Pick(random, Cities);
            var street = $"{random.Next(1, 300)} {Pick(random, Words)}skaya St., {city}, {random.Next(100_000, 700_000)}";
            Line(Entity(address, street, "Address", new() { ["full"] = [street], ["city"] = [city], ["country"] = ["ru"] }, random, referents: false));

            var company = CompanyName(random);
            Line(Company(id, company, address, random, Pad(filler, padding)));
            parties++;

            foreach (var s in Enumerable.Range(0, random.Next(1, 5)))
            {
                Line(Sanction($"{id}-s{s}", id, random, Pad(filler, padding)));
                links++;
            }

            for (var k = 0; k < random.Next(0, 4); k++)
            {
                var sub = $"{id}-c{k}";
                Line(Company(sub, CompanyName(random), address, random, Pad(filler, padding)));
                Line(Entity($"{id}-o{k}", "Ownership", "Ownership", new()
                {
                    ["owner"] = [id],
                    ["asset"] = [sub],
                    ["percentage"] = [random.Next(10, 101).ToString(CultureInfo.InvariantCulture)],
                    ["startDate"] = [Date(random, 2005, 2025)],
                    ["role"] = [Pick(random, Roles)],
                }, random, referents: false));
                parties++;
                links++;
            }

            var directors = random.Next(1, 3);
            for (var d = 0; d < directors; d++)
            {
                var person = $"{id}-p{d}";
                var (latin, cyrillic) = PersonName(random);
                Line(Entity(person, latin, "Person", new()
                {
                    ["name"] = [latin, cyrillic, latin.ToUpperInvariant()],
                    ["birthDate"] = [Date(random, 1950, 1995)],
                    ["nationality"] = ["ru"],
                    ["country"] = ["ru"],
                    ["innCode"] = [Digits(random, 12)],
                    ["gender"] = [Pick(random, "male", "female")],
                    ["topics"] = ["sanction"],
                    ["notes"] = [Pad(filler, padding)],
                    ["addressEntity"] = [address],
                }, random, referents: true));
                parties++;
                Line(Entity($"{person}-dir", "Directorship", "Directorship", new()
                {
                    ["director"] = [person],
                    ["organization"] = [id],
                    ["role"] = ["General Director"],
                    ["startDate"] = [Date(random, 2010, 2025)],
                }, random, referents: false));
                links++;
                if (random.NextDouble() < 0.3)
                {
                    Line(Entity($"{person}-pass", "Passport", "Passport", new() { ["holder"] = [person], ["number"] = [Digits(random, 10)], ["country"] = ["ru"] }, random, referents: false));
                }
            }

            if (directors == 2 && random.NextDouble() < 0.5)
            {
                Line(Entity($"{id}-fam", "Family", "Family", new() { ["person"] = [$"{id}-p0"], ["relative"] = [$"{id}-p1"], ["relationship"] = ["spouse"] }, random, referents: false));
                links++;
            }
        }

        writer.Flush();
        return new Written(stream.Length, lines, cluster, parties, links);
    }

    private static Dictionary<string, object> Company(string id, string name, string address, Random random, string notes) =>
        Entity(id, name, "Company", new()
        {
            ["name"] = [name, Transliterate(name), name.ToUpperInvariant()],
            ["alias"] = [name.Split(' ')[0] + " " + Pick(random, Words)],
            ["jurisdiction"] = ["ru"],
            ["innCode"] = [Digits(random, 10)],
            ["ogrnCode"] = [Digits(random, 13)],
            ["kppCode"] = [Digits(random, 9)],
            ["incorporationDate"] = [Date(random, 1995, 2024)],
            ["legalForm"] = ["Общества с ограниченной ответственностью"],
            ["topics"] = [Pick(random, "sanction", "sanction.linked", "export.control")],
            ["addressEntity"] = [address],
            ["sourceUrl"] = ["https://sanctionssearch.ofac.treas.gov/Details.aspx?id=" + random.Next(10_000, 60_000)],
            ["notes"] = [notes],
        }, random, referents: true);

    private static Dictionary<string, object> Sanction(string id, string entity, Random random, string summary)
    {
        var program = random.Next(40);
        return Entity(id, "Sanction", "Sanction", new()
        {
            ["entity"] = [entity],
            ["programId"] = [$"PROG-{program:00}"],
            ["program"] = [$"Sanctions programme {program}"],
            ["authority"] = [Pick(random, "Office of Foreign Assets Control", "Council of the European Union", "State Secretariat for Economic Affairs")],
            ["listingDate"] = [Date(random, 2014, 2026)],
            ["startDate"] = [Date(random, 2014, 2026)],
            ["reason"] = [$"{random.Next(2014, 2026)}/{random.Next(100, 3000)} (OJ L{random.Next(1_000_000, 9_999_999)})"],
            ["sourceUrl"] = ["https://www.opensanctions.org/"],
            ["summary"] = [summary],
        }, random, referents: false);
    }

    private static Dictionary<string, object> Entity(string id, string caption, string schema, Dictionary<string, string[]> properties, Random random, bool referents)
    {
        var entity = new Dictionary<string, object>
        {
            ["id"] = id,
            ["caption"] = caption,
            ["schema"] = schema,
            ["properties"] = properties,
            ["datasets"] = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(random, Datasets)).Distinct().ToArray(),
            ["referents"] = !referents ? [] : Enumerable.Range(0, random.Next(2, 8)).Select(_ => $"ref-{random.Next():x8}").ToArray(),
            ["target"] = schema is "Person" or "Company",
            ["first_seen"] = Date(random, 2022, 2025) + "T10:35:40",
            ["last_seen"] = "2026-04-29T12:40:02",
            ["last_change"] = Date(random, 2025, 2026) + "T05:42:29",
        };
        return entity;
    }

    private static string CompanyName(Random random) =>
        $"{Pick(random, "LLC", "JSC", "AO", "OOO")} {Pick(random, Words)}{Pick(random, Words).ToLowerInvariant()} {Pick(random, Words)}";

    private static (string Latin, string Cyrillic) PersonName(Random random)
    {
        var latin = $"{Pick(random, Given)} {Pick(random, Patronymic)} {Pick(random, Family)}";
        return (latin, Transliterate(latin));
    }

    private static string Transliterate(string latin) =>
        string.Concat(latin.Select(c => Cyrillic.TryGetValue(char.ToLowerInvariant(c), out var cy)
            ? (char.IsUpper(c) ? cy.ToUpperInvariant() : cy)
            : c.ToString()));

    private static string Pad(Random random, int length) =>
        length == 0 ? "" : string.Join(' ', Enumerable.Range(0, (length / 5) + 1).Select(_ => Pick(random, Words))).PadRight(length)[..length];

    private static string Digits(Random random, int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10))));

    private static string Date(Random random, int from, int to) =>
        new DateOnly(random.Next(from, to), random.Next(1, 13), random.Next(1, 29)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, params T[] items) => items[random.Next(items.Length)];
}
