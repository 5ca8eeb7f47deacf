using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>
/// Plain relationship and entity rows of the project CSV are built directly (<c>DirectRelationshipColumns</c>,
/// <c>DirectEntityColumns</c>); the JSON form of the same rows, read by <see cref="GraphJson"/>, is the oracle.
/// </summary>
public sealed class CsvDirectRowTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_PlainRelationshipRows_SameRecordsAsTheJsonForm()
    {
        var csv = Write("rels.csv", """
            id,type,from,to,source,record,quote,date,confidence
            r1,OWNS,a,b,registry.csv,row 7,"HoldCo holds 40%, directly",2021-03-01,0.8
            ,SUPPLIES,b,c,  trade.csv  ,,,,
            r3,PROVIDES_CLOUD_TO,c,a,cloud.csv,,"a quote
            on two lines",,1
            r4,SUBSIDIARY_OF,a,c,x.csv,,,,0
            r5,OWNS,b,a,registry.csv,row 7,"HoldCo holds 40%, directly",2021-03-01,0.8
            r6,OWNS,c,b,registry.csv,row 7,"HoldCo holds 40%, directly",2021-03-01,0.8
            """);
        var json = Write("rels.json", """
            {"relationships": [
              {"id": "r1", "type": "OWNS", "from": "a", "to": "b", "provenance": {"source": "registry.csv", "record": "row 7", "quote": "HoldCo holds 40%, directly", "date": "2021-03-01", "confidence": 0.8}},
              {"type": "SUPPLIES", "from": "b", "to": "c", "provenance": {"source": "trade.csv"}},
              {"id": "r3", "type": "PROVIDES_CLOUD_TO", "from": "c", "to": "a", "provenance": {"source": "cloud.csv", "quote": "a quote\non two lines", "confidence": 1}},
              {"id": "r4", "type": "SUBSIDIARY_OF", "from": "a", "to": "c", "provenance": {"source": "x.csv", "confidence": 0}},
              {"id": "r5", "type": "OWNS", "from": "b", "to": "a", "provenance": {"source": "registry.csv", "record": "row 7", "quote": "HoldCo holds 40%, directly", "date": "2021-03-01", "confidence": 0.8}},
              {"id": "r6", "type": "OWNS", "from": "c", "to": "b", "provenance": {"source": "registry.csv", "record": "row 7", "quote": "HoldCo holds 40%, directly", "date": "2021-03-01", "confidence": 0.8}}
            ]}
            """);

        var fromCsv = Relationships(csv);

        Assert.Equal(Relationships(json).Select(Canonical.Of), fromCsv.Select(Canonical.Of));
        Assert.Equal("SUPPLIES:b->c", fromCsv[1].Id);
        // Equal evidence on consecutive rows is one object, not one per row.
        Assert.Same(fromCsv[4].Provenance, fromCsv[5].Provenance);
        Assert.NotSame(fromCsv[0].Provenance, fromCsv[1].Provenance);
    }

    [Theory]
    [InlineData("r1,OWNS,a,b,src,2021-13-01,0.5", "date")] // not a date
    [InlineData("r1,OWNS,a,b,src,2021-03-01,1.5", "confidence")] // out of range
    [InlineData("r1,OWNS,a,b,src,2021-03-01,high", "confidence")] // not a number
    [InlineData("r1,OWNZ,a,b,src,,", "type")] // unknown type
    [InlineData("r1,OWNS,,b,src,,", "from")] // required
    [InlineData("r1,OWNS,a,b,,,", "provenance")] // no evidence
    [InlineData("r1,OWNS,a\u0001,b,src,,", "from")] // control character
    public void Read_RowTheDirectPathRefuses_ReportedByTheJsonPathWithLineAndColumn(string row, string field)
    {
        var csv = Write("bad.csv", "id,type,from,to,source,date,confidence\nr0,OWNS,a,b,src,,\n" + row + "\n");
        var session = new ImportSession(GraphSnapshot.Empty);

        session.AddFile(csv);

        var error = Assert.Single(session.Errors);
        Assert.Equal(3, error.Location!.Line);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlainEntityRows_SameRecordsAsTheJsonForm()
    {
        var csv = Write("ents.csv", """
            id,name,labels,aliases,country
            a,HoldCo,Company,,US
            b,  Spaced Name  ,Company|Distributor,B Corp| Bee ,DE
            c,"Comma, Inc.",Person,,
            d,Dee,Company,,US
            """);
        var json = Write("ents.json", """
            {"entities": [
              {"id": "a", "name": "HoldCo", "labels": ["Company"], "country": "US"},
              {"id": "b", "name": "Spaced Name", "labels": ["Company", "Distributor"], "aliases": ["B Corp", "Bee"], "country": "DE"},
              {"id": "c", "name": "Comma, Inc.", "labels": ["Person"]},
              {"id": "d", "name": "Dee", "labels": ["Company"], "country": "US"}
            ]}
            """);

        var fromCsv = Entities(csv);

        Assert.Equal(Entities(json).Select(Canonical.Of), fromCsv.Select(Canonical.Of));
        // Repeated values are one object, not one per row.
        Assert.Same(fromCsv[0].Labels, fromCsv[3].Labels);
        Assert.Same(fromCsv[0].Country, fromCsv[3].Country);
    }

    [Theory]
    [InlineData("a b,Name,Company", "id")] // not a valid id
    [InlineData("e1,,Company", "name")] // required
    [InlineData("e1,Name,", "labels")] // no label
    [InlineData("e1,Name,company", "labels")] // not a label
    [InlineData("e1,Na\u0001me,Company", "name")] // control character
    public void Read_EntityRowTheDirectPathRefuses_ReportedByTheJsonPathWithLineAndColumn(string row, string field)
    {
        var csv = Write("bad.csv", "id,name,labels\ne0,Fine,Company\n" + row + "\n");
        var session = new ImportSession(GraphSnapshot.Empty);

        session.AddFile(csv);

        var error = Assert.Single(session.Errors);
        Assert.Equal(3, error.Location!.Line);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RelationshipsAfterTheirEntities_EndpointsAreTheEntitiesIdStrings()
    {
        var entities = Write("e.csv", "id,name,labels\nalpha,Alpha,Company\nbeta,Beta,Company\n");
        var relationships = Write("r.csv", "id,type,from,to,source\nr1,OWNS,alpha,beta,s\nr2,SUPPLIES,beta,alpha,s\n");
        var session = new ImportSession(GraphSnapshot.Empty);

        session.AddFile(entities);
        session.AddFile(relationships);

        Assert.Empty(session.Errors);
        var alpha = session.Changes.OfType<PutEntity>().First().Entity.Id;
        var rels = session.Changes.OfType<PutRelationship>().Select(p => p.Relationship).ToList();
        // The CSV reader made a new string for each field; the record keeps the entity's own.
        Assert.Same(alpha, rels[0].From);
        Assert.Same(alpha, rels[1].To);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    private static List<Entity> Entities(string path)
    {
        var session = new ImportSession(GraphSnapshot.Empty);
        session.AddFile(path);
        Assert.Empty(session.Errors);
        return [.. session.Changes.OfType<PutEntity>().Select(p => p.Entity)];
    }

    private static List<Relationship> Relationships(string path)
    {
        var session = new ImportSession(GraphSnapshot.Empty);
        session.AddFile(path);
        Assert.Empty(session.Errors);
        return [.. session.Changes.OfType<PutRelationship>().Select(p => p.Relationship)];
    }
}
