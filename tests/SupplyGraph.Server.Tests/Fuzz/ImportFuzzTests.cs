using CsCheck;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests.Fuzz;

/// <summary>
/// The CLI's readers (JSON, CSV and list files through <see cref="ImportSession"/>, then the store's apply, as
/// <c>supplygraph import</c> does): bad files end as <see cref="InvalidInputException"/> naming file and line, never
/// as another exception, and change nothing.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ImportFuzzTests : IAsyncLifetime
{
    private const int CiCases = 300;

    private static readonly string[] JsonSeeds =
    [
        """{"entities": [{"id": "imp-a", "labels": ["Company"], "name": "Imp A", "aliases": ["IA"], "identifiers": {"lei": "1"}, "properties": {"n": 1.5}}], "relationships": [{"type": "SUPPLIES", "from": "imp-a", "to": "imp-b", "provenance": {"source": "s"}}], "description": "d"}""",
        """{"entities": [{"id": "imp-b", "labels": ["Company"], "name": "Imp B"}], "changes": [{"op": "deleteEntity", "id": "imp-b", "detach": true}]}""",
        """{"list_id": "imp-list", "source_file": "l.json", "extracted": "2024-01-01", "entities": [{"name": "Imp Listed Ltd.", "aliases": ["ILL"], "country": "CN", "address": "a", "federal_register": "89 FR 1, 1/2/24", "notes": "n"}]}""",
    ];

    private static readonly string[] CsvSeeds =
    [
        "id,labels,name,aliases,country,identifiers,prop.rank\nimp-c,Company|Supplier,Imp C,C1|C2,US,lei=9|duns=8,3\n\"imp-d\",Company,\"Imp, \"\"D\"\"\",,,,\n",
        "id,type,from,to,share,items,source,record,quote,date,confidence,validFrom,validTo\n,SUPPLIES,imp-c,imp-d,0.5,a|b,src,r,q,2024-01-01,0.7,2020-01-01,2021-01-01\n",
    ];

    private readonly TempFolder _folder = new();
    private readonly EmbeddedGraphStore _store;

    public ImportFuzzTests() => _store = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "store"));

    [Fact]
    public async Task ImportFiles_Mutated_FailOnlyWithFileAndLine()
    {
        var gen = from csv in Gen.Bool
                  from body in Mutations.Bodies(csv ? CsvSeeds : JsonSeeds)
                  select (csv, body);
        var tried = 0;
        if (Mutations.Long)
        {
            await Check.SampleAsync(gen, async c => { await ImportAsync(c.csv ? "fuzz.csv" : "fuzz.json", c.body); tried++; },
                iter: Mutations.Iterations, threads: 1, print: c => Mutations.Show(c.body));
        }
        else
        {
            await Check.SampleAsync(gen.Array[CiCases], async cases =>
            {
                foreach (var (csv, body) in cases)
                {
                    await ImportAsync(csv ? "fuzz.csv" : "fuzz.json", body);
                    tried++;
                }
            }, seed: Mutations.CiSeed, iter: 1, threads: 1);
        }

        Console.WriteLine($"fuzz: {tried} import files");
        Assert.True(tried >= Math.Min(CiCases, Math.Max(1, Mutations.Iterations)));
    }

    [Theory]
    [MemberData(nameof(Corpus.Imports), MemberType = typeof(Corpus))]
    public async Task Corpus_Replayed_FailsOnlyWithFileAndLine(string name, string kind, string file, byte[] body)
    {
        Assert.Equal("import", kind);
        Assert.False(string.IsNullOrEmpty(name));
        await ImportAsync(file, body);
    }

    private async Task ImportAsync(string name, byte[] body)
    {
        var path = Path.Combine(_folder.Path, name);
        await File.WriteAllBytesAsync(path, body);
        var before = _store.Snapshot.Sequence;
        try
        {
            var session = new ImportSession(_store.Snapshot);
            session.AddFile(path);
            await _store.ApplyAsync(session.ToBatch("fuzz"));
        }
        catch (InvalidInputException ex)
        {
            Assert.Equal(before, _store.Snapshot.Sequence);
            foreach (var error in ex.Errors)
            {
                // What the CLI prints: file:line: field: message.
                Assert.True(error.Location is { Line: >= 1 } && (error.Location.File == name || error.Location.File.EndsWith(name, StringComparison.Ordinal)),
                    $"{error} for {Mutations.Show(body)}");
                Assert.DoesNotContain("(Parameter '", error.Message, StringComparison.Ordinal);
            }
        }
        catch (Exception ex)
        {
            Assert.Fail($"{ex.GetType().Name}: {ex.Message} for {name} {Mutations.Show(body)}");
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }
}
