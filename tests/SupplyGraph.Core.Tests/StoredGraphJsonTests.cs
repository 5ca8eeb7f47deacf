using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// The fast reader of stored rows (GraphJson.ParseEntity/ParseRelationship) against the validating reader as the
/// oracle: on every row of a real store seeded from graph-seed/, and on rows it must hand back to the validator.
/// </summary>
public sealed class StoredGraphJsonTests(SeedGraphFixture seed) : IClassFixture<SeedGraphFixture>
{
    [Fact]
    public void ParseEntity_EverySeedStoreRow_EqualsValidatingReader()
    {
        var rows = Rows("SELECT body FROM entities");
        Assert.True(rows.Count > 3000, $"{rows.Count} entity rows");
        foreach (var body in rows)
        {
            AssertSame(OracleEntity(body), GraphJson.ParseEntity(body));
            AssertSame(OracleEntity(body), GraphJson.ParseEntity(Encoding.UTF8.GetBytes(body)));
        }
    }

    [Fact]
    public void ParseRelationship_EverySeedStoreRow_EqualsValidatingReader()
    {
        var rows = Rows("SELECT body FROM relationships");
        Assert.True(rows.Count > 3000, $"{rows.Count} relationship rows");
        foreach (var body in rows)
        {
            AssertSame(OracleRelationship(body), GraphJson.ParseRelationship(body));
            AssertSame(OracleRelationship(body), GraphJson.ParseRelationship(Encoding.UTF8.GetBytes(body)));
        }
    }

    [Theory]
    // Whole numbers load as long, others as double; null properties are dropped; lists stay lists.
    [InlineData("""{"id":"a","labels":["Company"],"name":"A","properties":{"n":3,"x":1.5,"b":true,"gone":null,"l":["s",2,false]}}""")]
    // Labels and aliases are trimmed; a null field counts as absent.
    [InlineData("""{"id":"a","labels":[" Company "],"name":"A","aliases":[" a co "],"country":null,"sources":[{"source":"f","date":"2020-01-02","confidence":0.5}]}""")]
    // Escapes in strings and keys.
    [InlineData("""{"id":"a","labels":["Company"],"name":"A \u00e9 \"q\"","identifiers":{"lei\u0031":"x\ny"}}""")]
    public void ParseEntity_StoredShapes_EqualValidatingReader(string body) =>
        AssertSame(OracleEntity(body), GraphJson.ParseEntity(body));

    [Theory]
    // Exact, ranged (text) and ranged (object, which the fast reader leaves to the validator) shares.
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b","share":0.5,"provenance":{"source":"s"}}""")]
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b","share":"25%-50%","provenance":{"source":"s","quote":"q\nr"}}""")]
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b","share":{"min":0.25,"max":0.5},"provenance":{"source":"s"}}""")]
    // No id: the default id; validity dates.
    [InlineData("""{"type":"SUPPLIES","from":"a","to":"b","items":["chips"],"provenance":{"source":"s","record":"1"},"validFrom":"2020-01-01","validTo":"2021-01-01"}""")]
    public void ParseRelationship_StoredShapes_EqualValidatingReader(string body) =>
        AssertSame(OracleRelationship(body), GraphJson.ParseRelationship(body));

    [Theory]
    [InlineData("""{"id":"a","labels":["Company"],"name":"A","colour":"red"}""", "colour")]
    [InlineData("""{"id":"-a","labels":["Company"],"name":"A"}""", "id")]
    [InlineData("""{"id":"a","labels":[],"name":"A"}""", "labels")]
    [InlineData("""{"id":"a","labels":["company"],"name":"A"}""", "labels")]
    [InlineData("""{"id":"a","labels":["Company"],"name":"  "}""", "name")]
    [InlineData("""{"id":"a","labels":["Company"],"name":"A","properties":{"l":[[1]]}}""", "properties.l")]
    [InlineData("""{"id":"a","labels":["Company"],"name":"A","sources":[{"source":"s","confidence":2}]}""", "sources[0].confidence")]
    public void ParseEntity_RowTheValidatorRefuses_ThrowsWithItsField(string body, string field)
    {
        var ex = Assert.Throws<InvalidInputException>(() => GraphJson.ParseEntity(body));
        Assert.Contains(ex.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("""{"id":"r","type":"LIKES","from":"a","to":"b","provenance":{"source":"s"}}""", "type")]
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b","share":1.5,"provenance":{"source":"s"}}""", "share")]
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b"}""", "provenance")]
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b","provenance":{"source":"s"},"validFrom":"2021-01-01","validTo":"2020-01-01"}""", "validTo")]
    [InlineData("""{"id":"r","type":"OWNS","from":"a","to":"b","provenance":{"source":"s"},"validFrom":"1 May 2020"}""", "validFrom")]
    public void ParseRelationship_RowTheValidatorRefuses_ThrowsWithItsField(string body, string field)
    {
        var ex = Assert.Throws<InvalidInputException>(() => GraphJson.ParseRelationship(body));
        Assert.Contains(ex.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"a","labels":["Company"],"name":"A"} trailing""")]
    public void ParseEntity_NotJson_ThrowsJsonException(string body) =>
        Assert.ThrowsAny<JsonException>(() => GraphJson.ParseEntity(body));

    private List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = seed.Store.FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static Entity OracleEntity(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var errors = new List<InputError>();
        return GraphJson.ReadEntity(doc.RootElement, "", null, errors, stored: true) ?? throw new InvalidInputException(errors);
    }

    private static Relationship OracleRelationship(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var errors = new List<InputError>();
        return GraphJson.ReadRelationship(doc.RootElement, "", null, errors, stored: true) ?? throw new InvalidInputException(errors);
    }

    // Same JSON form and the same CLR types of property values (a long and a double both write "1").
    private static void AssertSame(Entity expected, Entity actual)
    {
        Assert.Equal(Canonical.Of(expected), Canonical.Of(actual));
        Assert.Equal(Types(expected.Properties), Types(actual.Properties));
    }

    private static void AssertSame(Relationship expected, Relationship actual)
    {
        Assert.Equal(Canonical.Of(expected), Canonical.Of(actual));
        Assert.Equal(Types(expected.Properties), Types(actual.Properties));
        Assert.Equal(expected.Share, actual.Share);
        Assert.Equal(expected.Validity, actual.Validity);
    }

    private static string Types(IReadOnlyDictionary<string, object?> properties) =>
        string.Join(",", properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + (p.Value is IReadOnlyList<object?> l ? "[" + string.Join(",", l.Select(i => i?.GetType().Name)) + "]" : p.Value?.GetType().Name)));
}
