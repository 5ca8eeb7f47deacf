using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// The adapter against the HTTP API of Neo4j 4.x/5.x (<c>/db/{name}/tx</c>), which cannot run here: the server's side is
/// replayed from the exchanges in Neo4j's HTTP API manual (discovery, implicit commit, open/commit/rollback of an
/// explicit transaction, errors), and the tests check what the adapter sends and how it reads the answers. The 3.x API
/// is exercised by the real server of the other test classes.
/// </summary>
public sealed class Neo4jHttpApi5Tests
{
    // GET / on 5.25 (neo4j.com/docs/browser/legacy/operations/rest-requests, "Example 1. HTTP API").
    private const string Discovery525 = """
        {
          "bolt_routing" : "neo4j://localhost:7687",
          "transaction" : "http://localhost:7474/db/{databaseName}/tx",
          "bolt_direct" : "bolt://localhost:7687",
          "neo4j_version" : "5.25.0",
          "neo4j_edition" : "enterprise"
        }
        """;

    // GET / on 4.4 (neo4j/docs-http-api, modules/ROOT/pages/discovery.adoc, "Root discovery").
    private const string Discovery44 = """
        {
          "bolt_direct": "bolt://localhost:7687",
          "bolt_routing": "neo4j://localhost:7687",
          "transaction": "http://localhost:7474/db/{databaseName}/tx",
          "neo4j_version": "4.4.0",
          "neo4j_edition": "enterprise"
        }
        """;

    // POST /db/neo4j/tx/commit (neo4j.com/docs/http-api/current/query, "Example response"): 5.x adds elementId to meta.
    private const string CommitResult = """
        {
          "results": [ {
            "columns": ["n"],
            "data": [ {
              "row": [ { "name": "Alice", "age": 42 } ],
              "meta": [ { "id": 36, "elementId": "4:0ea4a108-32c5-498c-99e7-95cc67ab5f7d:36", "type": "node", "deleted": false } ]
            } ]
          } ],
          "errors": [],
          "lastBookmarks": ["FB:kcwQDqShCDLFSYyZ5+mVzGd/fQaQ"]
        }
        """;

    // neo4j.com/docs/http-api/current/error-handling, "Example 1. Send an invalid Cypher statement".
    private const string SyntaxError = """
        {
          "results" : [ ],
          "errors" : [ {
            "code" : "Neo.ClientError.Statement.SyntaxError",
            "message" : "Invalid input 'T': expected <init> (line 1, column 1 (offset: 0))\n\"This is not a valid Cypher Statement.\"\n ^"
          } ]
        }
        """;

    // POST /db/neo4j/tx: 201 Created, Location .../tx/16 (neo4j.com/docs/http-api/current/actions/begin-a-transaction).
    private const string Begun = """
        {
          "results" : [ {
            "columns" : [ "n" ],
            "data" : [ {
              "row" : [ { "name" : "My Node" } ],
              "meta" : [ { "id" : 11, "type" : "node", "deleted" : false } ]
            } ]
          } ],
          "errors" : [ ],
          "commit" : "http://localhost:7474/db/neo4j/tx/16/commit",
          "transaction" : { "expires" : "Mon, 20 Sep 2021 07:57:37 GMT" }
        }
        """;

    // DELETE /db/neo4j/tx/3 (neo4j.com/docs/http-api/current/actions/rollback-an-open-transaction).
    private const string RolledBack = """{ "results" : [ ], "errors" : [ ] }""";

    private static readonly Neo4jSettings Settings = new(new Uri("http://localhost:7474"), "neo4j", "verysecret");

    [Fact]
    public async Task Run_Neo4j5_DiscoversTxEndpointOfTheDatabaseAndReadsRows()
    {
        var server = Neo4j5().On(HttpMethod.Post, "/db/neo4j/tx/commit", CommitResult);
        using var http = new Neo4jHttp(Settings, server);

        var rows = await http.RunAsync([new Statement("MERGE (n:Person {name: $name, age: $age}) RETURN n", new JsonObject { ["name"] = "Alice", ["age"] = 42 })]);

        Assert.Equal(5, http.MajorVersion);
        Assert.Equal("Alice", rows[0][0][0].GetProperty("name").GetString());
        var sent = server.Requests[1];
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("neo4j:verysecret")), sent.Authorization);
        using var body = JsonDocument.Parse(sent.Body);
        var statement = body.RootElement.GetProperty("statements")[0];
        Assert.Equal("MERGE (n:Person {name: $name, age: $age}) RETURN n", statement.GetProperty("statement").GetString());
        Assert.Equal(42, statement.GetProperty("parameters").GetProperty("age").GetInt32());
    }

    [Fact]
    public async Task Run_Neo4j44WithNamedDatabase_PostsToThatDatabase()
    {
        var server = new RecordedServer()
            .On(HttpMethod.Get, "/", Discovery44)
            .On(HttpMethod.Post, "/db/supplychain/tx/commit", CommitResult)
            .On(HttpMethod.Post, "/db/supplychain/tx/commit", CommitResult);
        using var http = new Neo4jHttp(Settings with { Database = "supplychain" }, server);

        await http.RunAsync([new Statement("RETURN 1")]);
        await http.RunAsync([new Statement("RETURN 2")]);

        Assert.Equal(4, http.MajorVersion);
        // The root document is read once; later transactions go straight to the endpoint.
        Assert.Equal(["GET /", "POST /db/supplychain/tx/commit", "POST /db/supplychain/tx/commit"], server.Requests.Select(r => r.Line));
    }

    [Theory]
    // A statement Neo4j cannot parse: its code, and the adapter says nothing was committed.
    [InlineData(SyntaxError, HttpStatusCode.OK, "Neo.ClientError.Statement.SyntaxError", "nothing was committed")]
    // A refused password: 401 with Neo4j's code, and the adapter names the user it sent.
    [InlineData("""{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid username or password."}]}""", HttpStatusCode.Unauthorized,
        "Neo.ClientError.Security.Unauthorized", "user 'neo4j'")]
    public async Task Run_Neo4j5Error_ThrowsWithNeo4jsCodeAndSaysWhy(string answer, HttpStatusCode status, string code, string message)
    {
        var server = Neo4j5().On(HttpMethod.Post, "/db/neo4j/tx/commit", answer, status);
        using var http = new Neo4jHttp(Settings, server);

        var error = await Assert.ThrowsAsync<Neo4jException>(() => http.RunAsync([new Statement("This is not a valid Cypher Statement.")]));

        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Neo4j5ReadOnly_OpensTransactionThenDeletesItsLocation()
    {
        var server = OpenedTransaction().On(HttpMethod.Delete, "/db/neo4j/tx/16", RolledBack);
        using var http = new Neo4jHttp(Settings, server);

        var result = await http.ExecuteAsync("CREATE (n $props) RETURN n", new JsonObject { ["props"] = new JsonObject { ["name"] = "My Node" } }, rollBack: true, CancellationToken.None);

        Assert.Equal("My Node", result.GetProperty("data")[0].GetProperty("row")[0].GetProperty("name").GetString());
        // Opened empty first, so that its address is known while the statement runs (and a spent budget can delete it).
        Assert.Equal(["GET /", "POST /db/neo4j/tx", "POST /db/neo4j/tx/16", "DELETE /db/neo4j/tx/16"], server.Requests.Select(r => r.Line));
        using var body = JsonDocument.Parse(server.Requests[2].Body);
        Assert.True(body.RootElement.GetProperty("statements")[0].GetProperty("includeStats").GetBoolean());
    }

    [Theory]
    // Accepted: committed at the transaction's commit address.
    [InlineData(true, "POST /db/neo4j/tx/16/commit")]
    // Refused: rolled back by deleting the transaction instead.
    [InlineData(false, "DELETE /db/neo4j/tx/16")]
    public async Task Execute_Neo4j5CommitIf_CommitsOrRollsBackAsTheCheckSays(bool accept, string last)
    {
        var finish = last.Split(' ');
        var server = OpenedTransaction().On(new HttpMethod(finish[0]), finish[1], RolledBack);
        using var http = new Neo4jHttp(Settings, server);

        await http.ExecuteAsync("CREATE (n $props) RETURN n", new JsonObject { ["props"] = new JsonObject() }, rollBack: false, CancellationToken.None, commitIf: _ => accept);

        Assert.Equal(["GET /", "POST /db/neo4j/tx", "POST /db/neo4j/tx/16", last], server.Requests.Select(r => r.Line));
    }

    /// <summary>A 5.25 server that has been asked for its endpoints.</summary>
    private static RecordedServer Neo4j5() => new RecordedServer().On(HttpMethod.Get, "/", Discovery525);

    /// <summary>A 5.25 server on which an explicit transaction was opened (tx/16) and one statement ran in it.</summary>
    private static RecordedServer OpenedTransaction() => Neo4j5()
        .On(HttpMethod.Post, "/db/neo4j/tx", Begun, HttpStatusCode.Created, location: "http://localhost:7474/db/neo4j/tx/16")
        .On(HttpMethod.Post, "/db/neo4j/tx/16", Begun);

    /// <summary>Answers the expected requests in order with recorded responses; anything else fails the test.</summary>
    private sealed class RecordedServer : HttpMessageHandler
    {
        private readonly Queue<(HttpMethod Method, string Path, string Body, HttpStatusCode Status, string? Location)> _script = new();

        public List<(string Line, string Body, string? Authorization)> Requests { get; } = [];

        public RecordedServer On(HttpMethod method, string path, string body, HttpStatusCode status = HttpStatusCode.OK, string? location = null)
        {
            _script.Enqueue((method, path, body, status, location));
            return this;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var line = $"{request.Method} {request.RequestUri!.AbsolutePath}";
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((line, body, request.Headers.Authorization?.ToString()));
            Assert.True(_script.Count > 0, $"unexpected request {line}");
            var (method, path, answer, status, location) = _script.Dequeue();
            Assert.Equal($"{method} {path}", line);
            Assert.Equal(new Uri("http://localhost:7474"), new Uri(request.RequestUri.GetLeftPart(UriPartial.Authority)));
            var response = new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
            if (location is not null)
            {
                response.Headers.Location = new Uri(location);
            }

            return response;
        }
    }
}
