using System.Net;
using System.Text;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// When the adapter sends a transaction again (Polly): only when it cannot have committed — a refused connection, or
/// a transient error Neo4j rolled back — and never after a 4xx, a Cypher error or a connection lost mid-answer.
/// The server's side is a scripted handler (no Neo4j needed); the error bodies are those of Neo4j's HTTP API manual.
/// </summary>
public sealed class Neo4jHttpRetryTests
{
    private const string Discovery = """{"transaction":"http://localhost:7474/db/{databaseName}/tx","neo4j_version":"5.25.0"}""";
    private const string Rows = """{"results":[{"columns":["x"],"data":[{"row":[1]}]}],"errors":[]}""";

    // neo4j.com/docs/status-codes/current/errors/all-errors: a deadlock is transient; the transaction was rolled back.
    private const string Deadlock = """{"results":[],"errors":[{"code":"Neo.TransientError.Transaction.DeadlockDetected","message":"ForsetiClient[1] can't acquire ExclusiveLock"}]}""";
    private const string SyntaxError = """{"results":[],"errors":[{"code":"Neo.ClientError.Statement.SyntaxError","message":"Invalid input 'T'"}]}""";
    private const string Unauthorized = """{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid username or password."}]}""";
    private const string BadRequest = """{"results":[],"errors":[{"code":"Neo.ClientError.Request.InvalidFormat","message":"Unable to deserialize request"}]}""";

    private static readonly Neo4jSettings Settings = new(new Uri("http://localhost:7474"), "neo4j", "secret");

    [Fact]
    public async Task Run_TransientErrorThenRows_SendsTheTransactionAgain()
    {
        var server = new ScriptedServer().Answer(Discovery).Answer(Deadlock).Answer(Rows);
        using var http = new Neo4jHttp(Settings, server);

        var rows = await http.RunAsync([new Statement("MERGE (n:X) RETURN 1")]);

        Assert.Equal(1, rows[0][0][0].GetInt32());
        Assert.Equal(["GET /", "POST /db/neo4j/tx/commit", "POST /db/neo4j/tx/commit"], server.Requests);
    }

    [Fact]
    public async Task Run_ConnectionRefusedThenRows_SendsTheTransactionAgain()
    {
        var server = new ScriptedServer().Answer(Discovery).Fail(HttpRequestError.ConnectionError).Answer(Rows);
        using var http = new Neo4jHttp(Settings, server);

        var rows = await http.RunAsync([new Statement("RETURN 1")]);

        Assert.Equal(1, rows[0][0][0].GetInt32());
        Assert.Equal(["GET /", "POST /db/neo4j/tx/commit", "POST /db/neo4j/tx/commit"], server.Requests);
    }

    [Fact]
    public async Task Run_TransientErrorEveryTime_GivesUpAfterThreeRetriesWithNeo4jsCode()
    {
        var server = new ScriptedServer().Answer(Discovery).Answer(Deadlock).Answer(Deadlock).Answer(Deadlock).Answer(Deadlock);
        using var http = new Neo4jHttp(Settings, server);

        var error = await Assert.ThrowsAsync<Neo4jException>(() => http.RunAsync([new Statement("RETURN 1")]));

        Assert.Equal("Neo.TransientError.Transaction.DeadlockDetected", error.Code);
        Assert.Contains("nothing was committed", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, server.Requests.Count);
    }

    [Theory]
    // A Cypher error: sending it again gives the same answer.
    [InlineData(SyntaxError, HttpStatusCode.OK, "Neo.ClientError.Statement.SyntaxError")]
    // A refused password: retrying could lock the account.
    [InlineData(Unauthorized, HttpStatusCode.Unauthorized, "Neo.ClientError.Security.Unauthorized")]
    // A malformed request (4xx): the same request is refused again.
    [InlineData(BadRequest, HttpStatusCode.BadRequest, "Neo.ClientError.Request.InvalidFormat")]
    public async Task Run_ClientError_IsNotSentAgain(string answer, HttpStatusCode status, string code)
    {
        var server = new ScriptedServer().Answer(Discovery).Answer(answer, status);
        using var http = new Neo4jHttp(Settings, server);

        var error = await Assert.ThrowsAsync<Neo4jException>(() => http.RunAsync([new Statement("RETURN 1")]));

        Assert.Equal(code, error.Code);
        Assert.Equal(["GET /", "POST /db/neo4j/tx/commit"], server.Requests);
    }

    [Fact]
    public async Task Run_ConnectionLostDuringTheAnswer_IsNotSentAgainAndSaysTheOutcomeIsUnknown()
    {
        // The server may have committed: sending it again could apply the batch twice.
        var server = new ScriptedServer().Answer(Discovery).Fail(HttpRequestError.ResponseEnded).Answer(Rows);
        using var http = new Neo4jHttp(Settings, server);

        var error = await Assert.ThrowsAsync<Neo4jException>(() => http.RunAsync([new Statement("RETURN 1")]));

        Assert.Contains("whether it committed is unknown", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /", "POST /db/neo4j/tx/commit"], server.Requests);
    }

    [Fact]
    public async Task Run_RootDocumentUnreachableOnce_ReadsItAgain()
    {
        var server = new ScriptedServer().Fail(HttpRequestError.ConnectionError).Answer(Discovery).Answer(Rows);
        using var http = new Neo4jHttp(Settings, server);

        await http.RunAsync([new Statement("RETURN 1")]);

        Assert.Equal(["GET /", "GET /", "POST /db/neo4j/tx/commit"], server.Requests);
    }

    /// <summary>Answers requests in order from a script: a response, or a failure of the connection.</summary>
    private sealed class ScriptedServer : HttpMessageHandler
    {
        private readonly Queue<(string? Body, HttpStatusCode Status, HttpRequestError? Failure)> _script = new();

        public List<string> Requests { get; } = [];

        public ScriptedServer Answer(string body, HttpStatusCode status = HttpStatusCode.OK)
        {
            _script.Enqueue((body, status, null));
            return this;
        }

        public ScriptedServer Fail(HttpRequestError failure)
        {
            _script.Enqueue((null, default, failure));
            return this;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            Assert.True(_script.Count > 0, "unexpected request " + Requests[^1]);
            var (body, status, failure) = _script.Dequeue();
            if (failure is { } f)
            {
                throw new HttpRequestException(f, "scripted: " + f);
            }

            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body!, Encoding.UTF8, "application/json") });
        }
    }
}
