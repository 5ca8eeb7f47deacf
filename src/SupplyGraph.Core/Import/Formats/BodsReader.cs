using System.Globalization;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// Beneficial Ownership Data Standard statements, as a JSON array or JSON lines: 0.4 records
/// (<c>statementId</c>, <c>recordId</c>, <c>recordType</c>, <c>recordDetails</c>) and 0.2/0.3 statements
/// (<c>statementID</c>, <c>statementType</c>, <c>subject.describedByEntityStatement</c>,
/// <c>interestedParty.describedByPersonStatement</c>).
/// </summary>
/// <remarks>
/// Mapping:
/// <list type="bullet">
/// <item>Entity → <c>Company</c> (registered and legal entities), <c>GovernmentBody</c> (state bodies) or
/// <c>Party</c> (arrangements, anonymous and unknown entities); person → <c>Person</c>. Name (a person's first
/// full name), other names → aliases, jurisdiction (else the first address's country, or a person's first
/// nationality) → country, <c>identifiers</c> → identifiers by scheme (lower case); an entity with an LEI gets
/// the id <c>lei-LEI</c> so that it meets GLEIF records.</item>
/// <item>Each interest of a relationship (0.4) or ownership-or-control statement (0.2/0.3) → one relationship
/// from the interested party to the subject: <c>shareholding</c> → <c>OWNS</c> with <c>share.exact</c> as an exact
/// share or <c>minimum</c>/<c>maximum</c> (or their exclusive forms, taken as the bounds) as a range;
/// <c>boardMember</c>, <c>boardChair</c>, <c>seniorManagingOfficial</c> → <c>LEADS</c>; votingRights,
/// appointmentOfBoard and the other control interests → <c>CONTROLS</c> (the share, if any, as
/// <c>share</c>); economic interests (beneficiary, rights to profit or surplus) and untyped interests →
/// <c>ASSOCIATED_WITH</c>. <c>startDate</c>/<c>endDate</c> → validity; the interest type,
/// <c>directOrIndirect</c> and <c>beneficialOwnershipOrControl</c> → properties.</item>
/// <item>An interested party declared unspecified (<c>{"reason": …}</c>) → the subject's property
/// <c>unspecifiedInterestedParty</c>.</item>
/// </list>
/// Parties are keyed by record id (0.4) or statement id (0.2/0.3), so a relationship may precede its parties.
/// </remarks>
internal static class BodsReader
{
    /// <summary>Reads a JSON array of statements.</summary>
    public static void ReadArray(Stream stream, string file, ImportSession session)
    {
        foreach (var record in JsonRecordStream.ReadArray(stream, file))
        {
            ReadStatement(record.Value, new SourceLocation(file, record.Line), session);
        }
    }

    /// <summary>Reads one statement per line.</summary>
    public static void ReadLines(Stream stream, string file, ImportSession session)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 1 << 16);
        foreach (var record in JsonRecordStream.ReadLines(text, file, session))
        {
            ReadStatement(record.Value, new SourceLocation(file, record.Line), session);
        }
    }

    private static void ReadStatement(JsonElement statement, SourceLocation at, ImportSession session)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            session.Error(new InputError(at, "", "expected a statement object"));
            return;
        }

        if (RecordText.Str(statement, "recordType") is { } recordType)
        {
            var recordId = RecordText.Str(statement, "recordId");
            var details = RecordText.Obj(statement, "recordDetails");
            if (recordId is null || details.ValueKind != JsonValueKind.Object)
            {
                session.Error(new InputError(at, recordId is null ? "recordId" : "recordDetails", "is required"));
                return;
            }

            Read(recordType, recordId, details, statement, at, session);
            return;
        }

        var statementType = RecordText.Str(statement, "statementType");
        var statementId = RecordText.Str(statement, "statementID") ?? RecordText.Str(statement, "statementId");
        if (statementType is null || statementId is null)
        {
            session.Error(new InputError(at, statementType is null ? "statementType" : "statementID", "is required (neither a BODS 0.4 record nor a 0.2/0.3 statement)"));
            return;
        }

        Read(statementType switch
        {
            "entityStatement" => "entity",
            "personStatement" => "person",
            "ownershipOrControlStatement" => "relationship",
            _ => statementType,
        }, statementId, statement, statement, at, session);
    }

    private static void Read(string kind, string id, JsonElement details, JsonElement statement, SourceLocation at, ImportSession session)
    {
        switch (kind)
        {
            case "entity":
                ReadEntity(id, details, statement, at, session);
                break;
            case "person":
                ReadPerson(id, details, statement, at, session);
                break;
            case "relationship":
                ReadRelationship(id, details, statement, at, session);
                break;
            default:
                session.Error(new InputError(at, "recordType", $"unknown kind '{kind}'; expected entity, person or relationship"));
                break;
        }
    }

    private static string Key(string id) => "bods:" + id;

    private static Provenance Source(JsonElement statement, string id, SourceLocation at, string? quote = null) =>
        new(at.File, RecordText.Str(statement, "statementId") ?? RecordText.Str(statement, "statementID") ?? id, quote,
            RecordText.Date(RecordText.Str(statement, "statementDate")), 1.0);

    private static void ReadEntity(string id, JsonElement details, JsonElement statement, SourceLocation at, ImportSession session)
    {
        var entityType = RecordText.Obj(details, "entityType") is { ValueKind: JsonValueKind.Object } typeObject
            ? RecordText.Str(typeObject, "type")
            : RecordText.Str(details, "entityType");
        var name = RecordText.Str(details, "name") ?? $"Unnamed {entityType ?? "entity"} {id}";
        var party = new PartyRecord
        {
            At = at,
            Key = Key(id),
            Label = entityType switch
            {
                "registeredEntity" or "legalEntity" or null => NodeLabels.Company,
                "stateBody" or "state" => NodeLabels.GovernmentBody,
                _ => NodeLabels.Party,
            },
            Name = name,
            Aliases = [.. RecordText.Array(details, "alternateNames").Select(RecordText.Scalar).OfType<string>()],
            Country = RecordText.Country(Code(RecordText.Obj(details, "jurisdiction")) ?? Code(RecordText.Obj(details, "incorporatedInJurisdiction")) ?? AddressCountry(details)),
            Source = Source(statement, id, at),
        };
        ReadIdentifiers(details, party);
        if (entityType is not null)
        {
            party.Properties["entityType"] = entityType;
        }

        Copy(details, "foundingDate", party.Properties);
        Copy(details, "dissolutionDate", party.Properties);
        session.Joiner.AddParty(party.Identifiers.TryGetValue("xi-lei", out var lei) ? party with { Id = "lei-" + lei.ToUpperInvariant() } : party);
    }

    private static void ReadPerson(string id, JsonElement details, JsonElement statement, SourceLocation at, ImportSession session)
    {
        var names = new List<string>();
        foreach (var n in RecordText.Array(details, "names"))
        {
            var full = RecordText.Str(n, "fullName")
                ?? string.Join(' ', new[] { RecordText.Str(n, "givenName"), RecordText.Str(n, "familyName") }.OfType<string>());
            if (full.Length > 0)
            {
                names.Add(full);
            }
        }

        var party = new PartyRecord
        {
            At = at,
            Key = Key(id),
            Label = NodeLabels.Person,
            Name = names.FirstOrDefault() ?? $"Unknown person {id}",
            Aliases = names.Skip(1).ToList(),
            Country = RecordText.Country(Code(RecordText.Array(details, "nationalities").FirstOrDefault()) ?? AddressCountry(details)),
            Source = Source(statement, id, at),
        };
        ReadIdentifiers(details, party);
        Copy(details, "personType", party.Properties);
        Copy(details, "birthDate", party.Properties);
        var nationalities = RecordText.Array(details, "nationalities").Select(Code).OfType<string>().ToList();
        if (nationalities.Count > 0)
        {
            party.Properties["nationalities"] = RecordText.List(nationalities);
        }

        session.Joiner.AddParty(party);
    }

    private static void ReadRelationship(string id, JsonElement details, JsonElement statement, SourceLocation at, ImportSession session)
    {
        var subject = Reference(details, "subject", "describedByEntityStatement");
        var interested = details.TryGetProperty("interestedParty", out var ip) ? ip : default;
        if (subject is null)
        {
            session.Error(new InputError(at, "subject", "is required"));
            return;
        }

        var party = Reference(details, "interestedParty", "describedByPersonStatement") ?? Reference(details, "interestedParty", "describedByEntityStatement");
        if (party is null)
        {
            var unspecified = interested.ValueKind == JsonValueKind.Object ? RecordText.Obj(interested, "unspecified") : default;
            var reason = RecordText.Str(unspecified.ValueKind == JsonValueKind.Object ? unspecified : interested, "reason");
            if (reason is null)
            {
                session.Error(new InputError(at, "interestedParty", "is required (a record id, or an unspecified reason)"));
                return;
            }

            var facts = new PartyRecord { At = at, Key = "", Label = "", Name = "" };
            facts.Properties["unspecifiedInterestedParty"] = reason;
            session.Joiner.AddFacts(new PartyRef("subject", Key: Key(subject)), facts);
            return;
        }

        var interests = RecordText.Array(details, "interests").ToList();
        if (interests.Count == 0)
        {
            interests.Add(default);
        }

        for (var i = 0; i < interests.Count; i++)
        {
            ReadInterest(id, i, interests[i], party, subject, statement, at, session);
        }
    }

    private static void ReadInterest(string id, int index, JsonElement interest, string party, string subject, JsonElement statement, SourceLocation at, ImportSession session)
    {
        var interestType = RecordText.Str(interest, "type");
        var type = interestType switch
        {
            "shareholding" => RelationshipTypes.Owns,
            "boardMember" or "boardChair" or "seniorManagingOfficial" => RelationshipTypes.Leads,
            "beneficiaryOfLegalArrangement" or "rightsToSurplusAssetsOnDissolution" or "rightsToProfitOrIncome" or null => RelationshipTypes.AssociatedWith,
            _ => RelationshipTypes.Controls,
        };
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["interest"] = interestType ?? "unspecified" };
        Copy(interest, "directOrIndirect", properties);
        Copy(interest, "details", properties);
        if (interest.ValueKind == JsonValueKind.Object && interest.TryGetProperty("beneficialOwnershipOrControl", out var bo) && bo.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            properties["beneficialOwnershipOrControl"] = bo.GetBoolean();
        }

        var share = OwnershipShare.Unknown;
        var shareObject = RecordText.Obj(interest, "share");
        if (shareObject.ValueKind == JsonValueKind.Object && !TryShare(shareObject, out share, out var error))
        {
            session.Error(new InputError(at, $"interests[{index}].share", error!));
            return;
        }

        if (type != RelationshipTypes.Owns && !share.IsUnknown)
        {
            properties["share"] = share.ToString();
            share = OwnershipShare.Unknown;
        }

        var start = RecordText.Date(RecordText.Str(interest, "startDate"));
        session.Joiner.AddLink(new LinkRecord
        {
            At = at,
            Id = $"bods:{id}:{index}",
            Type = type,
            From = new PartyRef("interestedParty", Key: Key(party)),
            To = new PartyRef("subject", Key: Key(subject)),
            Share = share,
            Validity = new Validity(start, RecordText.Date(RecordText.Str(interest, "endDate"), endOfPeriod: true)),
            Properties = properties,
            Provenance = Source(statement, id, at, shareObject.ValueKind == JsonValueKind.Object ? shareObject.GetRawText() : interestType),
        });
    }

    /// <summary>Percentages, exact or a range; exclusive bounds are taken as the bounds (a share cannot hold an open interval).</summary>
    private static bool TryShare(JsonElement share, out OwnershipShare result, out string? error)
    {
        static double? Number(JsonElement json, string field) =>
            json.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : json.TryGetProperty(field, out v) && v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : null;

        result = OwnershipShare.Unknown;
        error = null;
        if (Number(share, "exact") is { } exact)
        {
            return OwnershipShare.TryCreate(exact / 100, exact / 100, $"{exact}%", out result, out error);
        }

        var low = Number(share, "minimum") ?? Number(share, "exclusiveMinimum");
        var high = Number(share, "maximum") ?? Number(share, "exclusiveMaximum");
        if (low is null && high is null)
        {
            return true;
        }

        return OwnershipShare.TryCreate((low ?? 0) / 100, (high ?? 100) / 100, $"{low ?? 0}-{high ?? 100}%", out result, out error);
    }

    /// <summary>A party reference: a record id string (0.4) or <c>{"describedBy…Statement": id}</c> (0.2/0.3).</summary>
    private static string? Reference(JsonElement details, string field, string describedBy)
    {
        if (!details.TryGetProperty(field, out var v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : RecordText.Str(v, describedBy);
    }

    private static void ReadIdentifiers(JsonElement details, PartyRecord party)
    {
        foreach (var identifier in RecordText.Array(details, "identifiers"))
        {
            var value = RecordText.Str(identifier, "id");
            var scheme = RecordText.Str(identifier, "scheme") ?? RecordText.Str(identifier, "schemeName");
            if (value is not null && scheme is not null)
            {
                party.Identifiers.TryAdd(Slug.From(scheme), value);
            }
        }
    }

    private static string? Code(JsonElement json) => json.ValueKind == JsonValueKind.Object ? RecordText.Str(json, "code") : RecordText.Scalar(json);

    private static string? AddressCountry(JsonElement details)
    {
        foreach (var address in RecordText.Array(details, "addresses"))
        {
            if (address.ValueKind == JsonValueKind.Object && address.TryGetProperty("country", out var country) && Code(country) is { } code)
            {
                return code;
            }
        }

        return null;
    }

    private static void Copy(JsonElement json, string field, Dictionary<string, object?> properties)
    {
        if (RecordText.Str(json, field) is { } value)
        {
            properties[field] = value;
        }
    }
}
