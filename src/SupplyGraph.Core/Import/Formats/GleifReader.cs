using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// GLEIF golden-copy files: LEI-CDF (legal entities), RR-CDF (relationships) and reporting exceptions, as JSON
/// arrays or XML. XML is streamed record by record with <see cref="XmlReader"/> and each record turned into the
/// JSON shape, so one mapping serves both; a file may mix kinds (each record is recognised by its fields).
/// </summary>
/// <remarks>
/// Mapping:
/// <list type="bullet">
/// <item>LEI record → <c>Company</c> with id <c>lei-LEI</c> (so re-imports and other LEI sources such as BODS meet
/// on one node), identifier <c>lei</c>, <c>LegalName</c> → name, <c>OtherEntityNames</c> and transliterated names →
/// aliases, <c>LegalAddress.Country</c> → country; jurisdiction, category, legal form, entity and registration
/// status → properties.</item>
/// <item><c>IS_DIRECTLY_CONSOLIDATED_BY</c> → <c>SUBSIDIARY_OF</c> (child → direct parent): consolidation is
/// control by the accounts, not a known stake, so it is not <c>OWNS</c>. <c>IS_ULTIMATELY_CONSOLIDATED_BY</c> →
/// <c>CONTROLS</c> (ultimate parent → child). Fund management, sub-fund, feeder and branch relationships →
/// <c>ASSOCIATED_WITH</c> (start → end) with <c>kind</c>. The GLEIF type is kept as <c>gleifType</c>.</item>
/// <item>The <c>RELATIONSHIP_PERIOD</c> → validity; a relationship whose status is <c>INACTIVE</c> and whose
/// period has no end ends at its registration's last update. Accounting period, qualifiers and quantifiers →
/// properties.</item>
/// <item>Reporting exception → a property on the entity naming why the parent is not reported
/// (<c>directParentException</c>, <c>ultimateParentException</c>: NON_CONSOLIDATING, NO_KNOWN_PERSON…).</item>
/// <item>An LEI that no imported record describes becomes an <c>Unidentified</c> company named by its LEI, filled
/// in when its LEI record is imported.</item>
/// </list>
/// </remarks>
internal static class GleifReader
{
    /// <summary>Reads a JSON file (an array of records, or <c>{"records": [...]}</c>).</summary>
    public static void ReadJson(Stream stream, string file, ImportSession session)
    {
        foreach (var record in JsonRecordStream.ReadArray(stream, file, "records", "data"))
        {
            ReadRecord(record.Value, new SourceLocation(file, record.Line), session);
        }
    }

    /// <summary>Reads an XML file record by record.</summary>
    public static void ReadXml(Stream stream, string file, ImportSession session)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true };
        using var reader = XmlReader.Create(stream, settings);
        var lines = (IXmlLineInfo)reader;
        try
        {
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "LEIRecord" or "RelationshipRecord" or "Exception")
                {
                    var at = new SourceLocation(file, lines.LineNumber);
                    var element = (XElement)XNode.ReadFrom(reader);
                    ReadRecord(JsonSerializer.SerializeToElement(ToJson(element)), at, session);
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException ex)
        {
            session.Error(new InputError(new SourceLocation(file, ex.LineNumber), "", "malformed XML: " + ex.Message.Split(" Line ")[0]));
        }
    }

    /// <summary>
    /// The JSON shape of an XML record: containers of one repeated element (<c>OtherEntityNames</c>) become arrays,
    /// leaves with attributes (<c>OtherEntityName type=…</c>) objects holding the attributes and the text.
    /// </summary>
    private static JsonNode? ToJson(XElement element)
    {
        var attributes = element.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None).ToList();
        if (!element.HasElements)
        {
            if (attributes.Count == 0)
            {
                return JsonValue.Create(element.Value);
            }

            var leaf = new JsonObject();
            foreach (var a in attributes)
            {
                leaf[a.Name.LocalName] = a.Value;
            }

            leaf[element.Name.LocalName] = element.Value;
            return leaf;
        }

        var children = element.Elements().ToList();
        if (children.All(c => c.Name.LocalName + "s" == element.Name.LocalName))
        {
            return new JsonArray([.. children.Select(ToJson)]);
        }

        var obj = new JsonObject();
        foreach (var child in children)
        {
            // A repeated leaf (AdditionalAddressLine) keeps its first value, as the JSON files do.
            obj.TryAdd(child.Name.LocalName, ToJson(child));
        }

        return obj;
    }

    private static void ReadRecord(JsonElement record, SourceLocation at, ImportSession session)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            session.Error(new InputError(at, "", "expected a GLEIF record object"));
        }
        else if (record.TryGetProperty("Relationship", out var relationship))
        {
            ReadRelationship(relationship, RecordText.Obj(record, "Registration"), at, session);
        }
        else if (record.TryGetProperty("ExceptionCategory", out _))
        {
            ReadException(record, at, session);
        }
        else if (record.TryGetProperty("Entity", out _))
        {
            ReadLei(record, at, session);
        }
        else
        {
            session.Error(new InputError(at, "", "not a GLEIF LEI, relationship or reporting-exception record"));
        }
    }

    private static string EntityId(string lei) => "lei-" + lei.ToUpperInvariant();

    private static PartyRef Reference(string lei, string field, SourceLocation at) =>
        new(field, Key: "lei:" + lei.ToUpperInvariant(), EntityId: EntityId(lei), Placeholder: new PartyRecord
        {
            At = at,
            Key = "lei:" + lei.ToUpperInvariant(),
            Id = EntityId(lei),
            Label = NodeLabels.Company,
            Name = "LEI " + lei.ToUpperInvariant(),
            Unidentified = true,
            Identifiers = { ["lei"] = lei.ToUpperInvariant() },
        });

    private static void ReadLei(JsonElement record, SourceLocation at, ImportSession session)
    {
        var lei = RecordText.Str(record, "LEI");
        var entity = RecordText.Obj(record, "Entity");
        var name = RecordText.Str(entity, "LegalName");
        if (lei is null || name is null)
        {
            session.Error(new InputError(at, lei is null ? "LEI" : "Entity.LegalName", "is required"));
            return;
        }

        var registration = RecordText.Obj(record, "Registration");
        var party = new PartyRecord
        {
            At = at,
            Key = "lei:" + lei.ToUpperInvariant(),
            Id = EntityId(lei),
            Label = NodeLabels.Company,
            Name = name,
            Country = RecordText.Country(RecordText.Str(RecordText.Obj(entity, "LegalAddress"), "Country")),
            Source = new Provenance(at.File, "LEI " + lei, null, RecordText.Date(RecordText.Str(registration, "LastUpdateDate")), 1.0),
        };
        foreach (var names in new[] { "OtherEntityNames", "TransliteratedOtherEntityNames" })
        {
            foreach (var other in RecordText.Array(entity, names))
            {
                if ((other.ValueKind == JsonValueKind.Object ? RecordText.Str(other, "OtherEntityName") ?? RecordText.Str(other, "TransliteratedOtherEntityName") : RecordText.Scalar(other)) is { } alias)
                {
                    party.Aliases.Add(alias);
                }
            }
        }

        party.Identifiers["lei"] = lei.ToUpperInvariant();
        var authority = RecordText.Obj(entity, "RegistrationAuthority");
        if (RecordText.Str(authority, "RegistrationAuthorityEntityID") is { } localId)
        {
            party.Identifiers["registration"] = $"{RecordText.Str(authority, "RegistrationAuthorityID")}/{localId}";
        }

        Copy(entity, "LegalJurisdiction", party.Properties, "legalJurisdiction");
        Copy(entity, "EntityCategory", party.Properties, "entityCategory");
        Copy(RecordText.Obj(entity, "LegalForm"), "EntityLegalFormCode", party.Properties, "legalForm");
        Copy(entity, "EntityStatus", party.Properties, "entityStatus");
        Copy(entity, "EntityCreationDate", party.Properties, "entityCreationDate");
        Copy(registration, "RegistrationStatus", party.Properties, "leiRegistrationStatus");
        Copy(RecordText.Obj(entity, "HeadquartersAddress"), "Country", party.Properties, "headquartersCountry");
        var address = RecordText.Obj(entity, "LegalAddress");
        var line = string.Join(", ", new[] { "FirstAddressLine", "City", "Region", "PostalCode", "Country" }.Select(f => RecordText.Str(address, f)).OfType<string>());
        if (line.Length > 0)
        {
            party.Properties["legalAddress"] = line;
        }

        session.Joiner.AddParty(party);
    }

    private static void ReadRelationship(JsonElement relationship, JsonElement registration, SourceLocation at, ImportSession session)
    {
        var start = RecordText.Str(RecordText.Obj(relationship, "StartNode"), "NodeID");
        var end = RecordText.Str(RecordText.Obj(relationship, "EndNode"), "NodeID");
        var gleifType = RecordText.Str(relationship, "RelationshipType");
        if (start is null || end is null || gleifType is null)
        {
            session.Error(new InputError(at, start is null ? "Relationship.StartNode.NodeID" : end is null ? "Relationship.EndNode.NodeID" : "Relationship.RelationshipType", "is required"));
            return;
        }

        var (type, from, to, kind) = gleifType switch
        {
            "IS_DIRECTLY_CONSOLIDATED_BY" => (RelationshipTypes.SubsidiaryOf, start, end, null),
            "IS_ULTIMATELY_CONSOLIDATED_BY" => (RelationshipTypes.Controls, end, start, null),
            "IS_FUND-MANAGED_BY" => (RelationshipTypes.AssociatedWith, start, end, "fund-managed-by"),
            "IS_SUBFUND_OF" => (RelationshipTypes.AssociatedWith, start, end, "subfund-of"),
            "IS_FEEDER_TO" => (RelationshipTypes.AssociatedWith, start, end, "feeder-to"),
            "IS_INTERNATIONAL_BRANCH_OF" => (RelationshipTypes.AssociatedWith, start, end, "branch-of"),
            _ => (RelationshipTypes.AssociatedWith, start, end, gleifType.ToLowerInvariant()),
        };

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["gleifType"] = gleifType };
        if (kind is not null)
        {
            properties["kind"] = kind;
        }

        DateOnly? validFrom = null, validTo = null;
        foreach (var period in RecordText.Array(relationship, "RelationshipPeriods"))
        {
            var periodType = RecordText.Str(period, "PeriodType");
            var (from0, to0) = (RecordText.Str(period, "StartDate"), RecordText.Str(period, "EndDate"));
            if (periodType == "RELATIONSHIP_PERIOD")
            {
                (validFrom, validTo) = (RecordText.Date(from0), RecordText.Date(to0));
            }
            else if (periodType is not null)
            {
                properties[periodType == "ACCOUNTING_PERIOD" ? "accountingPeriod" : "documentFilingPeriod"] = $"{from0?[..Math.Min(10, from0.Length)]}/{to0?[..Math.Min(10, to0.Length)]}";
            }
        }

        var status = RecordText.Str(relationship, "RelationshipStatus");
        if (status is not null)
        {
            properties["relationshipStatus"] = status;
        }

        var lastUpdate = RecordText.Date(RecordText.Str(registration, "LastUpdateDate"));
        if (status == "INACTIVE" && validTo is null)
        {
            // GLEIF marks an ended relationship inactive without always closing its period; the update is the latest sure date.
            validTo = lastUpdate;
        }

        var qualifiers = RecordText.Array(relationship, "RelationshipQualifiers")
            .Select(q => string.Join("=", new[] { RecordText.Str(q, "QualifierDimension"), RecordText.Str(q, "QualifierCategory") }.OfType<string>())).ToList();
        if (qualifiers.Count > 0)
        {
            properties["qualifiers"] = RecordText.List(qualifiers);
        }

        var quantifiers = RecordText.Array(relationship, "RelationshipQuantifiers")
            .Select(q => string.Join(" ", new[] { RecordText.Str(q, "MeasurementMethod"), RecordText.Str(q, "QuantifierAmount"), RecordText.Str(q, "QuantifierUnits") }.OfType<string>())).ToList();
        if (quantifiers.Count > 0)
        {
            properties["quantifiers"] = RecordText.List(quantifiers);
        }

        Copy(registration, "RegistrationStatus", properties, "registrationStatus");
        Copy(registration, "ValidationSources", properties, "validationSources");
        session.Joiner.AddLink(new LinkRecord
        {
            At = at,
            Id = $"gleif:{start.ToUpperInvariant()}:{gleifType}:{end.ToUpperInvariant()}",
            Type = type,
            From = Reference(from, from == start ? "Relationship.StartNode.NodeID" : "Relationship.EndNode.NodeID", at),
            To = Reference(to, to == start ? "Relationship.StartNode.NodeID" : "Relationship.EndNode.NodeID", at),
            Validity = new Validity(validFrom, validTo),
            Properties = properties,
            Provenance = new Provenance(at.File, $"{start} {gleifType} {end}", RecordText.Str(registration, "ValidationReference"), lastUpdate, 1.0),
        });
    }

    private static void ReadException(JsonElement record, SourceLocation at, ImportSession session)
    {
        var lei = RecordText.Str(record, "LEI");
        var category = RecordText.Str(record, "ExceptionCategory");
        var reasons = RecordText.Strings(record, "ExceptionReason");
        if (lei is null || reasons.Count == 0)
        {
            session.Error(new InputError(at, lei is null ? "LEI" : "ExceptionReason", "is required"));
            return;
        }

        var property = category switch
        {
            "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT" => "directParentException",
            "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT" => "ultimateParentException",
            _ => "reportingException",
        };
        var facts = new PartyRecord { At = at, Key = "", Label = "", Name = "" };
        facts.Properties[property] = string.Join("; ", reasons);
        session.Joiner.AddFacts(Reference(lei, "LEI", at), facts);
    }

    private static void Copy(JsonElement json, string field, Dictionary<string, object?> properties, string name)
    {
        if (RecordText.Str(json, field) is { } value)
        {
            properties[name] = value;
        }
    }
}
