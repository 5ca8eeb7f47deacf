using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SupplyGraph.Bench;

/// <summary>
/// Writes a trade.gov Consolidated Screening List CSV in the 2025 layout (the columns of
/// <c>../shared/data/csl/consolidated_sample_2025.csv</c>) with as many rows as the published list (14,160 over 13
/// source lists), built from the real lists in <c>../shared/data/entity-lists</c>. Deterministic for a seed.
/// </summary>
/// <remarks>
/// What the rows are, so that the import does the work a real file makes it do:
/// <list type="bullet">
/// <item>Entity List: 2,001 real entries (the count the issue saw), names as published, 4 % with the encoding loss
/// seen in the real download (an apostrophe or accented letter turned into <c>?</c>), 3 % with a city suffix;
/// aliases, addresses ending in an ISO-2 code, citations and dates. They join their seeded nodes.</item>
/// <item>MEU, NS-CMIC (as CMIC, upper case as OFAC writes): every real entry; 1260H entries reappear on the SDN
/// list, so one party is listed on several lists.</item>
/// <item>SDN (the bulk, 9,941 rows): individuals with dates of birth, nationalities, passports and genders (names
/// recombined from the person names of the lists; 3 % share a name with another individual but not the date of
/// birth), vessels with IMO and MMSI numbers, aircraft, and entities — 15 % real listed names, the rest real names
/// with a distinctive word swapped, which is what makes fuzzy scoring work.</item>
/// <item>The small lists (UVL, DPL, DTC, ISN, SSI, FSE, PLC, NS-MBS, CAP) in their real shapes: ISN names carry
/// "; and any successor, sub-unit, or subsidiary thereof", DPL addresses are in the US, Treasury lists have
/// entity numbers (which repeat across lists), BIS and State lists hashed <c>_id</c>s.</item>
/// </list>
/// </remarks>
public static class CslGenerator
{
    /// <summary>Rows of the published list.</summary>
    public const int PublishedRows = 14_160;

    public static readonly string[] Header =
    [
        "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "federal_register_notice", "start_date",
        "end_date", "standard_order", "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
        "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
        "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
    ];

    private const string El = "Entity List (EL) - Bureau of Industry and Security";
    private const string Meu = "Military End User (MEU) List - Bureau of Industry and Security";
    private const string Cmic = "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department";
    private const string Sdn = "Specially Designated Nationals (SDN) - Treasury Department";
    private const string Uvl = "Unverified List (UVL) - Bureau of Industry and Security";
    private const string Dpl = "Denied Persons List (DPL) - Bureau of Industry and Security";
    private const string Dtc = "ITAR Debarred (DTC) - State Department";
    private const string Isn = "Nonproliferation Sanctions (ISN) - State Department";
    private const string Ssi = "Sectoral Sanctions Identifications List (SSI) - Treasury Department";
    private const string Fse = "Foreign Sanctions Evaders (FSE) - Treasury Department";
    private const string Plc = "Palestinian Legislative Council List (PLC) - Treasury Department";
    private const string Mbs = "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department";
    private const string Cap = "Correspondent Account or Payable-Through Account Sanctions (CAPTA) - Treasury Department";

    private static readonly string[] CorporateWords =
    [
        "co", "co.", "ltd", "ltd.", "llc", "inc", "inc.", "company", "corporation", "corp", "corp.", "limited", "group", "institute",
        "university", "academy", "bureau", "center", "centre", "factory", "plant", "technology", "technologies", "industries",
        "industry", "trading", "jsc", "ooo", "ao", "pjsc", "oao", "zao", "gmbh", "s.a.", "llp", "fze", "fzco", "bank", "the", "of",
        "and", "research", "electronics", "engineering", "systems", "services", "international", "science", "aviation",
    ];

    private static readonly Dictionary<string, string> Iso = new(StringComparer.OrdinalIgnoreCase)
    {
        ["China"] = "CN",
        ["Russia"] = "RU",
        ["United Arab Emirates"] = "AE",
        ["Pakistan"] = "PK",
        ["Iran"] = "IR",
        ["Turkey"] = "TR",
        ["Malaysia"] = "MY",
        ["United Kingdom"] = "GB",
        ["Singapore"] = "SG",
        ["Belarus"] = "BY",
        ["Afghanistan"] = "AF",
        ["Crimea Region of Ukraine"] = "UA",
        ["Canada"] = "CA",
        ["Germany"] = "DE",
        ["Syria"] = "SY",
        ["Lebanon"] = "LB",
        ["Burma"] = "MM",
        ["Finland"] = "FI",
        ["India"] = "IN",
        ["South Africa"] = "ZA",
        ["South Sudan"] = "SS",
        ["Cyprus"] = "CY",
        ["Israel"] = "IL",
        ["Taiwan"] = "TW",
        ["France"] = "FR",
        ["Thailand"] = "TH",
        ["Ukraine"] = "UA",
        ["Armenia"] = "AM",
        ["Switzerland"] = "CH",
        ["Bulgaria"] = "BG",
        ["Greece"] = "GR",
        ["Netherlands"] = "NL",
        ["Kazakhstan"] = "KZ",
        ["Belgium"] = "BE",
        ["Estonia"] = "EE",
        ["Ireland"] = "IE",
        ["South Korea"] = "KR",
        ["Georgia"] = "GE",
        ["Malta"] = "MT",
        ["Oman"] = "OM",
        ["Panama"] = "PA",
        ["Egypt"] = "EG",
        ["Japan"] = "JP",
        ["Kyrgyzstan"] = "KG",
        ["Spain"] = "ES",
        ["Uzbekistan"] = "UZ",
        ["Hong Kong"] = "HK",
        ["North Korea"] = "KP",
        ["Venezuela"] = "VE",
        ["Iraq"] = "IQ",
        ["Italy"] = "IT",
    };

    private static readonly string[] PersonCountries = ["RU", "IR", "KP", "SY", "LB", "CN", "AE", "TR", "VE", "IQ", "BY", "PK", "AF", "MX", "CO"];
    private static readonly string[] Cities = ["Moscow", "Tehran", "Beijing", "Shenzhen", "Dubai", "Istanbul", "Minsk", "Damascus", "Wuhan", "Karachi"];
    private static readonly string[] VesselWords =
        ["OCEAN", "STAR", "PEARL", "GRACE", "LUCKY", "SEA", "GLORY", "FORTUNE", "WISDOM", "HORIZON", "ATLANTIC", "PACIFIC", "SILVER", "GOLDEN", "BRIGHT", "NOBLE", "ROYAL", "SPIRIT", "DAWN", "DRAGON", "PHOENIX", "LEGEND"];

    private static readonly string[] VesselTypes = ["Crude Oil Tanker", "Chemical/Products Tanker", "General Cargo", "Bulk Carrier", "Container Ship", "LPG Tanker"];

    /// <summary>A listed party as the shared list files give it.</summary>
    private sealed record Listed(string Name, string[] Aliases, string? Country, string? Address, string? Citation);

    /// <summary>Writes the file; returns the rows written.</summary>
    /// <param name="path">Where to write.</param>
    /// <param name="entityLists">The shared <c>entity-lists</c> folder.</param>
    /// <param name="rows">Rows to write (the published count by default).</param>
    /// <param name="seed">Random seed: the same seed writes the same file.</param>
    public static int Write(string path, string entityLists, int rows = PublishedRows, int seed = 20251)
    {
        var random = new Random(seed);
        var el = Load(Path.Combine(entityLists, "bis_entity_list.json"));
        var meu = Load(Path.Combine(entityLists, "bis_meu.json"));
        var h1260 = Load(Path.Combine(entityLists, "dow_1260h.json"));
        var cmic = Load(Path.Combine(entityLists, "ofac_nscmic.json"));
        var companies = el.Concat(meu).Concat(h1260).Concat(cmic).Where(l => !IsPerson(l.Name)).ToArray();
        var people = el.Where(l => IsPerson(l.Name)).ToArray();
        var givenNames = people.Select(p => p.Name.Split(' ')[0]).Distinct().ToArray();
        var familyNames = people.Select(p => p.Name.Split(' ')[^1]).Distinct().ToArray();
        var distinctive = companies.SelectMany(c => c.Name.Split(' ')).Where(Distinctive).Distinct().ToArray();

        // The published proportions: SDN is the bulk; the other lists are small (BIS's are real entries).
        var smallLists = new (string Source, int Rows)[] { (Uvl, 200), (Dpl, 550), (Dtc, 480), (Isn, 400), (Ssi, 300), (Fse, 30), (Plc, 40), (Mbs, 60), (Cap, 20) };
        var elRows = Math.Min(2_001, rows);
        var sdnRows = Math.Max(0, rows - elRows - meu.Length - cmic.Length - smallLists.Sum(s => s.Rows));

        var w = new CsvOut(path);
        var count = 0;
        var number = 10_000;
        var people2 = new List<(string Name, string Born)>();

        void Emit(Dictionary<string, string> row)
        {
            if (count < rows)
            {
                w.Row(row);
                count++;
            }
        }

        foreach (var e in Shuffle(el, random).Take(elRows))
        {
            var name = e.Name;
            var roll = random.NextDouble();
            if (roll < 0.04)
            {
                name = EncodingLoss(name);
            }
            else if (roll < 0.07 && e.Address is { } a && a.Split(',') is { Length: >= 2 } parts)
            {
                name = $"{name}, {parts[^2].Trim()}";
            }

            Emit(Bis(El, e with { Name = name }, random, "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list"));
        }

        foreach (var e in meu)
        {
            Emit(Bis(Meu, e, random, "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern"));
        }

        foreach (var e in cmic)
        {
            var row = Treasury(Cmic, ++number, "Entity", "CMIC-EO13959", e.Name.ToUpperInvariant(), e.Address, e.Country, random);
            row["alt_names"] = string.Join("; ", e.Aliases);
            Emit(row);
        }

        for (var i = 0; i < sdnRows; i++)
        {
            var roll = random.NextDouble();
            Dictionary<string, string> row;
            if (roll < 0.45)
            {
                row = Person(Sdn, ++number, givenNames, familyNames, people2, random);
            }
            else if (roll < 0.53)
            {
                row = Vessel(++number, random);
            }
            else if (roll < 0.55)
            {
                row = Treasury(Sdn, ++number, "Aircraft", "IRAN-EO13224", $"EP-{Letters(random, 3)}", null, null, random);
                row["ids"] = $"Aircraft Construction Number (also called L/N or S/N or F/N), {random.Next(10_000, 99_999)}; Aircraft Manufacturer's Serial Number (MSN), {random.Next(1_000, 9_999)}; Aircraft Model, Airbus A{random.Next(300, 350)}";
            }
            else
            {
                var real = random.NextDouble() < 0.15 ? companies[random.Next(companies.Length)] : null;
                var template = real ?? companies[random.Next(companies.Length)];
                var name = real?.Name ?? Swap(template.Name, distinctive, random);
                row = Treasury(Sdn, ++number, "Entity", Pick(random, "RUSSIA-EO14024", "SDGT", "IRAN", "NPWMD", "CYBER2"), name, template.Address, template.Country, random);
                if (real is not null)
                {
                    row["alt_names"] = string.Join("; ", real.Aliases);
                }

                row["ids"] = Ids(random, row["addresses"]);
            }

            Emit(row);
        }

        foreach (var (source, n) in smallLists)
        {
            for (var i = 0; i < n; i++)
            {
                var template = companies[random.Next(companies.Length)];
                Emit(source switch
                {
                    Uvl => Bis(Uvl, template with { Name = Swap(template.Name, distinctive, random), Aliases = [] }, random, "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/unverified-list"),
                    Dpl => Denied(givenNames, familyNames, random),
                    Dtc => State(Dtc, $"{Pick(random, givenNames)} {Pick(random, givenNames)} {Pick(random, familyNames)}", null, random),
                    Isn => State(Isn, (random.NextDouble() < 0.3 ? template.Name : Swap(template.Name, distinctive, random)) + "; and any successor, sub-unit, or subsidiary thereof", "INKSNA", random),
                    Ssi or Mbs => Treasury(source, ++number, "Entity", source == Ssi ? "UKRAINE-EO13662" : "RUSSIA-EO14024", Swap(template.Name, distinctive, random).ToUpperInvariant(), template.Address, template.Country, random),
                    Cap => Treasury(source, ++number, "Entity", "RUSSIA-EO14024", Swap(template.Name, distinctive, random).ToUpperInvariant(), template.Address, template.Country, random),
                    _ => Person(source, ++number, givenNames, familyNames, people2, random),
                });
            }
        }

        w.Dispose();
        return count;
    }

    private static Listed[] Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return
        [
            .. doc.RootElement.GetProperty("entities").EnumerateArray().Select(e => new Listed(
                e.GetProperty("name").GetString()!,
                [.. e.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!)],
                Text(e, "country"),
                Text(e, "address"),
                Text(e, "federal_register"))),
        ];
    }

    private static string? Text(JsonElement e, string field) =>
        e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsPerson(string name)
    {
        var words = name.Split(' ');
        return words.Length is >= 2 and <= 4 && words.All(w => w.Length > 1 && char.IsUpper(w[0]) && w.All(char.IsLetter))
            && !words.Any(w => CorporateWords.Contains(w.ToLowerInvariant()));
    }

    private static bool Distinctive(string word) =>
        word.Length > 3 && word.All(char.IsLetter) && char.IsUpper(word[0]) && !CorporateWords.Contains(word.ToLowerInvariant());

    /// <summary>The name with its first distinctive word replaced: a different party that reads like a listed one.</summary>
    private static string Swap(string name, string[] distinctive, Random random)
    {
        var words = name.Split(' ');
        var at = Array.FindIndex(words, Distinctive);
        words[at < 0 ? 0 : at] = distinctive[random.Next(distinctive.Length)];
        return string.Join(' ', words);
    }

    private static string EncodingLoss(string name)
    {
        var chars = name.ToCharArray();
        var at = Array.FindIndex(chars, c => c == '\'' || c > 127);
        chars[at >= 0 ? at : chars.Length / 2] = '?';
        return new string(chars);
    }

    private static Dictionary<string, string> Bis(string source, Listed e, Random random, string url)
    {
        var row = NewRow(source, Hash(source + e.Name + random.Next()), url);
        row["name"] = e.Name;
        row["alt_names"] = string.Join("; ", e.Aliases);
        row["addresses"] = Address(e.Address, e.Country);
        if (e.Citation is { } citation)
        {
            row["federal_register_notice"] = citation;
            row["start_date"] = CitationDate(citation) ?? "";
        }

        row["license_requirement"] = "For all items subject to the EAR. (See § 744.11 of the EAR)";
        row["license_policy"] = "Presumption of denial.";
        return row;
    }

    private static Dictionary<string, string> Treasury(string source, int number, string type, string programs, string name, string? address, string? country, Random random)
    {
        var row = NewRow(source, number.ToString(CultureInfo.InvariantCulture), "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList");
        row["entity_number"] = row["_id"];
        row["type"] = type;
        row["programs"] = programs;
        row["name"] = name;
        row["addresses"] = Address(address, country);
        row["start_date"] = Date(random, 2014, 2026);
        return row;
    }

    private static Dictionary<string, string> Person(string source, int number, string[] given, string[] family, List<(string Name, string Born)> seen, Random random)
    {
        // 3 %: the name of an earlier individual with another date of birth — a different person.
        var name = seen.Count > 0 && random.NextDouble() < 0.03
            ? seen[random.Next(seen.Count)].Name
            : $"{Pick(random, family).ToUpperInvariant()}, {Pick(random, given)} {Pick(random, given)}";
        var nationality = PersonCountries[random.Next(PersonCountries.Length)];
        var row = Treasury(source, number, "Individual", Pick(random, "SDGT", "RUSSIA-EO14024", "IRAN-HR", "DPRK3", "SDNTK", "NS-PLC"), name,
            $"{Pick(random, Cities)}, {nationality}", null, random);
        var born = Date(random, 1940, 2001);
        seen.Add((name, born));
        row["dates_of_birth"] = born;
        row["nationalities"] = nationality;
        row["places_of_birth"] = Pick(random, Cities);
        if (random.NextDouble() < 0.3)
        {
            var parts = name.Split(", ");
            row["alt_names"] = parts.Length == 2 ? $"{parts[1]} {parts[0]}" : name;
        }

        var ids = new List<string>();
        if (random.NextDouble() < 0.4)
        {
            ids.Add($"Passport, {Letters(random, 1)}{random.Next(10_000_000, 99_999_999)}, {nationality}");
        }

        ids.Add("Gender, " + Pick(random, "Male", "Female"));
        row["ids"] = string.Join("; ", ids);
        return row;
    }

    private static Dictionary<string, string> Vessel(int number, Random random)
    {
        var flag = Pick(random, "IR", "KP", "PA", "RU", "SY", "CM", "TZ");
        var row = Treasury(Sdn, number, "Vessel", Pick(random, "IRAN-EO13846", "SDGT", "RUSSIA-EO14024"),
            $"{Pick(random, VesselWords)} {Pick(random, VesselWords)}{(random.NextDouble() < 0.3 ? " " + random.Next(1, 30) : "")}", null, null, random);
        row["addresses"] = "";
        row["call_sign"] = Letters(random, 4) + random.Next(1, 9);
        row["vessel_type"] = Pick(random, VesselTypes);
        row["gross_tonnage"] = random.Next(2_000, 160_000).ToString(CultureInfo.InvariantCulture);
        row["vessel_flag"] = flag;
        row["ids"] = $"Vessel Registration Identification, IMO {random.Next(9_000_000, 9_999_999)}; MMSI, {random.Next(200_000_000, 699_999_999)}";
        return row;
    }

    private static Dictionary<string, string> Denied(string[] given, string[] family, Random random)
    {
        var row = NewRow(Dpl, Hash("dpl" + random.Next()), "https://www.bis.doc.gov/index.php/the-denied-persons-list");
        row["name"] = random.NextDouble() < 0.6 ? $"{Pick(random, given)} {Pick(random, family)}".ToUpperInvariant() : $"{Pick(random, family).ToUpperInvariant()} TRADING INC.";
        row["addresses"] = $"{random.Next(1, 9_999)} {Pick(random, "MAIN STREET", "TRAIL LAKE DRIVE", "OCEAN AVENUE", "INDUSTRIAL PARKWAY")}, {Pick(random, "MIAMI, FL", "HOUSTON, TX", "LOS ANGELES, CA", "NEW YORK, NY")}, {random.Next(10_000, 99_999)}, US";
        row["federal_register_notice"] = $"{random.Next(60, 91)} F.R. {random.Next(1_000, 90_000)} {random.Next(1, 13)}/{random.Next(1, 29)}/{random.Next(0, 25):00}";
        row["start_date"] = Date(random, 2000, 2025);
        row["end_date"] = Date(random, 2026, 2050);
        row["standard_order"] = "Y";
        return row;
    }

    private static Dictionary<string, string> State(string source, string name, string? programs, Random random)
    {
        var row = NewRow(source, Hash(source + name + random.Next()), "https://www.state.gov/");
        row["name"] = name;
        row["programs"] = programs ?? "";
        row["federal_register_notice"] = $"Vol. {random.Next(70, 91)}, No. {random.Next(1, 250)}, {random.Next(1, 13):00}/{random.Next(1, 29):00}/{random.Next(2005, 2026)}";
        row["start_date"] = Date(random, 2005, 2026);
        return row;
    }

    private static Dictionary<string, string> NewRow(string source, string id, string url)
    {
        var row = Header.ToDictionary(h => h, _ => "", StringComparer.Ordinal);
        row["_id"] = id;
        row["source"] = source;
        row["source_list_url"] = url;
        row["source_information_url"] = url;
        return row;
    }

    private static string Ids(Random random, string addresses)
    {
        var country = addresses.Length >= 2 && addresses[^2..].All(char.IsAsciiLetterUpper) ? addresses[^2..] : "RU";
        var ids = new List<string>();
        if (random.NextDouble() < 0.5)
        {
            ids.Add($"Registration Number, {random.NextInt64(1_000_000_000_000, 9_999_999_999_999)}, {country}");
        }

        if (random.NextDouble() < 0.2)
        {
            ids.Add($"SWIFT/BIC, {Letters(random, 4)}{country}{Letters(random, 2)}");
        }

        if (random.NextDouble() < 0.3)
        {
            ids.Add($"Website, www.{Letters(random, 6).ToLowerInvariant()}.com");
        }

        ids.Add("Secondary sanctions risk:, See Section 11 of Executive Order 14024.");
        return string.Join("; ", ids);
    }

    /// <summary>The list's address with the ISO-2 code the CSL appends.</summary>
    private static string Address(string? address, string? country)
    {
        var code = country is not null && Iso.TryGetValue(country, out var c) ? c : null;
        var first = address?.Split("; and ")[0].TrimEnd('.').Trim();
        return (first, code) switch
        {
            (null or "", null) => "",
            (null or "", _) => code!,
            (_, null) => first!,
            _ => $"{first}, {code}",
        };
    }

    private static string? CitationDate(string citation)
    {
        var last = citation.Split(',', ';').Select(p => p.Trim()).LastOrDefault(p => p.Count(ch => ch == '/') == 2);
        return last is not null && DateTime.TryParseExact(last, ["M/d/yy", "M/d/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
    }

    private static string Date(Random random, int fromYear, int toYear) =>
        new DateOnly(random.Next(fromYear, toYear), random.Next(1, 13), random.Next(1, 29)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Letters(Random random, int n) => string.Create(n, random, (span, r) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('A' + r.Next(26));
        }
    });

    private static T Pick<T>(Random random, params T[] items) => items[random.Next(items.Length)];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..56];

    private static IEnumerable<T> Shuffle<T>(T[] items, Random random)
    {
        var copy = (T[])items.Clone();
        random.Shuffle(copy);
        return copy;
    }

    /// <summary>RFC 4180 output: every field quoted, as the published file does.</summary>
    private sealed class CsvOut : IDisposable
    {
        private readonly StreamWriter _writer;

        public CsvOut(string path)
        {
            _writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
            _writer.WriteLine(string.Join(',', Header));
        }

        public void Row(Dictionary<string, string> row) =>
            _writer.WriteLine(string.Join(',', Header.Select(h => "\"" + row[h].Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));

        public void Dispose() => _writer.Dispose();
    }
}
