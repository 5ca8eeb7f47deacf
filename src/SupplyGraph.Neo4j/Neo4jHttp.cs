using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace SupplyGraph.Neo4j;

/// <summary>How to reach a Neo4j server over its HTTP API.</summary>
/// <param name="Url">Server root, e.g. <c>http://127.0.0.1:7474</c>.</param>
/// <param name="User">User name.</param>
/// <param name="Password">Password.</param>
/// <param name="Database">Database for Neo4j 4 and later (ignored by 3.x).</param>
public sealed record Neo4jSettings(Uri Url, string User, string Password, string Database = "neo4j");

/// <summary>One Cypher statement with its parameters.</summary>
/// <param name="Cypher">The statement; user values only as <c>$name</c> parameters.</param>
/// <param name="Parameters">The parameters.</param>
public sealed record Statement(string Cypher, JsonObject? Parameters = null);

/// <summary>Reads one row of a statement's result, straight from the answer's UTF-8.</summary>
/// <param name="statement">Index of the statement in the request.</param>
/// <param name="row">Positioned on the row's <c>[</c>; must be left on its matching <c>]</c>.</param>
public delegate void RowReader(int statement, ref Utf8JsonReader row);

/// <summary>Thrown when Neo4j cannot be reached, refuses the credentials, or rejects a statement.</summary>
public sealed class Neo4jException(string message, string? code = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Neo4j's status code, e.g. <c>Neo.ClientError.Security.Unauthorized</c>.</summary>
    public string? Code { get; } = code;
}

/// <summary>
/// The transactional Cypher endpoint over HTTP. The endpoint is discovered from the server's root document, so the
/// same client works with Neo4j 3.x (<c>/db/data/transaction/commit</c>) and 4.x/5.x (<c>/db/{database}/tx/commit</c>).
/// Every call is one transaction: all its statements commit together or not at all.
/// </summary>
public sealed class Neo4jHttp : IDisposable
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    // A transaction is sent again only when it cannot have committed: the connection failed (the request never
    // reached the server), or Neo4j answered with a transient error (a deadlock, a leader switch), for which it
    // rolled the transaction back. Never after a 4xx, a Cypher error, a timeout or a connection lost mid-answer.
    private static readonly ResiliencePipeline RetryTransaction = Retry(new PredicateBuilder()
        .Handle<HttpRequestException>(e => e.HttpRequestError == HttpRequestError.ConnectionError)
        .Handle<Neo4jException>(e => e.Code?.StartsWith("Neo.TransientError", StringComparison.Ordinal) == true));

    // Reading the root document changes nothing, so any failed request is tried again (a server still starting).
    private static readonly ResiliencePipeline RetryDiscovery = Retry(new PredicateBuilder().Handle<HttpRequestException>());

    private readonly HttpClient _http;
    private readonly Neo4jSettings _settings;
    private Uri? _commit;

    public Neo4jHttp(Neo4jSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = settings.Url;
        // Each call sets its own limit (RunAsync's timeout); HttpClient's own would surface as a bare TaskCanceledException.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.User}:{settings.Password}")));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The server's major version (3, 4, 5…), known after the first call.</summary>
    public int MajorVersion { get; private set; }

    /// <summary>How long a call may wait for Neo4j's answer unless it says otherwise.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs statements in one transaction; returns each statement's rows (each row an array of column values).</summary>
    /// <param name="statements">The statements, committed together.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="timeout">How long to wait for the answer (<see cref="DefaultTimeout"/> when null).</param>
    public Task<IReadOnlyList<IReadOnlyList<JsonElement>>> RunAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default, TimeSpan? timeout = null) =>
        TransactionAsync(statements, timeout, cancellationToken,
                async (commit, body, token) =>
                {
                    using var response = await _http.PostAsync(commit, Content(body), token);
                    var text = await response.Content.ReadAsStringAsync(token);
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        throw new Neo4jException($"Neo4j at {_settings.Url} refused user '{_settings.User}': wrong user or password", "Neo.ClientError.Security.Unauthorized");
                    }

                    using var doc = JsonDocument.Parse(text);
                    var errors = doc.RootElement.GetProperty("errors");
                    if (errors.GetArrayLength() > 0)
                    {
                        var code = errors[0].GetProperty("code").GetString();
                        var message = errors[0].GetProperty("message").GetString();
                        throw new Neo4jException($"Neo4j rejected the transaction ({code}): {message}; nothing was committed", code);
                    }

                    return (IReadOnlyList<IReadOnlyList<JsonElement>>)[.. doc.RootElement.GetProperty("results").EnumerateArray()
                        .Select(r => (IReadOnlyList<JsonElement>)[.. r.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("row").Clone())])];
                });

    /// <summary>
    /// Runs statements in one transaction and hands each result row to <paramref name="read"/> as it is parsed from
    /// the answer's UTF-8 (a <see cref="Utf8JsonReader"/>, no document, no string per value). The answer is held in
    /// one pooled buffer while it is read, so a caller that pages bounds the memory of a read by its page. Rows reach
    /// <paramref name="read"/> only from an answer without errors, so a retried transaction never hands a row twice.
    /// </summary>
    /// <param name="statements">The statements, run in one transaction.</param>
    /// <param name="read">Receives every row of every statement, in order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="timeout">How long to wait for the whole answer (<see cref="DefaultTimeout"/> when null).</param>
    public Task ReadRowsAsync(IReadOnlyList<Statement> statements, RowReader read, CancellationToken cancellationToken = default, TimeSpan? timeout = null) =>
        TransactionAsync(statements, timeout, cancellationToken,
                async (commit, body, token) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, commit) { Content = Content(body) };
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        throw new Neo4jException($"Neo4j at {_settings.Url} refused user '{_settings.User}': wrong user or password", "Neo.ClientError.Security.Unauthorized");
                    }

                    var (buffer, length) = await ReadAllAsync(response, token);
                    try
                    {
                        VisitRows(buffer.AsSpan(0, length), read);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    return true;
                });

    /// <summary>
    /// Posts one transaction to the commit endpoint, retried as <see cref="RetryTransaction"/> allows, each attempt
    /// within <paramref name="timeout"/>; a failure says whether anything can have been committed.
    /// </summary>
    private async Task<T> TransactionAsync<T>(IReadOnlyList<Statement> statements, TimeSpan? timeout, CancellationToken cancellationToken,
        Func<Uri, byte[], CancellationToken, Task<T>> attempt)
    {
        var commit = await CommitEndpointAsync(cancellationToken);
        var body = Body(statements);
        var limit = timeout ?? DefaultTimeout;
        try
        {
            return await RetryTransaction.ExecuteAsync(
                async token =>
                {
                    using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timer.CancelAfter(limit);
                    return await attempt(commit, body, timer.Token);
                },
                cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new Neo4jException($"cannot reach Neo4j at {_settings.Url}: {ex.Message}; nothing was committed", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new Neo4jException($"the connection to Neo4j at {_settings.Url} failed during the transaction ({ex.Message}); whether it committed is unknown — compare the change log before retrying", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Neo4jException($"Neo4j at {_settings.Url} did not answer within {limit.TotalSeconds:0} s; whether the transaction committed is unknown — compare the change log before retrying", "SupplyGraph.Timeout", ex);
        }
    }

    /// <summary>The whole answer in a buffer rented from the shared pool (the caller returns it).</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Two passes over the answer: the first finds its errors (they follow the results), the second hands the rows
    /// of an answer without errors to <paramref name="read"/>.
    /// </summary>
    private static void VisitRows(ReadOnlySpan<byte> answer, RowReader read)
    {
        var errors = new Utf8JsonReader(answer);
        errors.Read();
        while (errors.Read() && errors.TokenType == JsonTokenType.PropertyName)
        {
            var isErrors = errors.ValueTextEquals("errors"u8);
            errors.Read();
            if (isErrors && errors.TokenType == JsonTokenType.StartArray && errors.Read() && errors.TokenType == JsonTokenType.StartObject)
            {
                string? code = null, message = null;
                while (errors.Read() && errors.TokenType == JsonTokenType.PropertyName)
                {
                    var name = errors.GetString();
                    errors.Read();
                    if (name == "code")
                    {
                        code = errors.GetString();
                    }
                    else if (name == "message")
                    {
                        message = errors.GetString();
                    }
                    else
                    {
                        errors.Skip();
                    }
                }

                throw new Neo4jException($"Neo4j rejected the transaction ({code}): {message}; nothing was committed", code);
            }

            errors.Skip();
        }

        var reader = new Utf8JsonReader(answer);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResults = reader.ValueTextEquals("results"u8);
            reader.Read();
            if (!isResults)
            {
                reader.Skip();
                continue;
            }

            // results: [{columns, data: [{row: [...], meta: [...]}, ...]}, ...], one per statement
            for (var statement = 0; reader.Read() && reader.TokenType == JsonTokenType.StartObject; statement++)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isData = reader.ValueTextEquals("data"u8);
                    reader.Read();
                    if (!isData)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isRow = reader.ValueTextEquals("row"u8);
                            reader.Read();
                            if (isRow)
                            {
                                read(statement, ref reader);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Runs one statement as the user wrote it, asking for rows, their entity metadata, the graph and statistics, in
    /// an explicit transaction opened first (empty), so that its address is known while the statement runs: when
    /// <paramref name="cancellationToken"/> fires (a spent time budget, a client that went away) the transaction is
    /// deleted, which rolls it back and terminates a statement still running on the server — none is left behind.
    /// With <paramref name="rollBack"/> it is always rolled back (read-only access); otherwise it commits when
    /// <paramref name="commitIf"/> (if given) accepts the result — e.g. its statistics and row count — and is rolled
    /// back when not. Returns the statement's result object.
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string statement, JsonObject parameters, bool rollBack, CancellationToken cancellationToken, Func<JsonElement, bool>? commitIf = null)
    {
        var commit = await CommitEndpointAsync(cancellationToken);
        var body = new JsonObject
        {
            ["statements"] = new JsonArray(new JsonObject
            {
                ["statement"] = statement,
                ["parameters"] = parameters,
                ["resultDataContents"] = new JsonArray("row", "graph"),
                ["includeStats"] = true,
            }),
        }.ToJsonString();
        var open = await BeginAsync(new Uri(commit.ToString()[..^"/commit".Length]), cancellationToken);
        var finished = false;
        var answered = false;
        try
        {
            using var response = await _http.PostAsync(open, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            answered = true;
            var result = Result(text, response.StatusCode)[0].Clone();
            if (!rollBack && (commitIf?.Invoke(result) ?? true))
            {
                using var committed = await _http.PostAsync(new Uri(open + "/commit"), new StringContent("{\"statements\":[]}", Encoding.UTF8, "application/json"), cancellationToken);
                finished = true;
                Result(await committed.Content.ReadAsStringAsync(cancellationToken), committed.StatusCode);
            }

            return result;
        }
        catch (HttpRequestException ex)
        {
            throw new Neo4jException($"cannot reach Neo4j at {_settings.Url}: {ex.Message}", inner: ex);
        }
        finally
        {
            if (!finished)
            {
                await TerminateAsync(open, confirm: !answered);
            }
        }
    }

    /// <summary>Opens an empty explicit transaction; returns its address.</summary>
    private async Task<Uri> BeginAsync(Uri transactions, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync(transactions, new StringContent("{\"statements\":[]}", Encoding.UTF8, "application/json"), cancellationToken);
            Result(await response.Content.ReadAsStringAsync(cancellationToken), response.StatusCode);
            return response.Headers.Location ?? throw new Neo4jException($"Neo4j at {_settings.Url} opened a transaction without saying where");
        }
        catch (HttpRequestException ex)
        {
            throw new Neo4jException($"cannot reach Neo4j at {_settings.Url}: {ex.Message}", inner: ex);
        }
    }

    /// <summary>
    /// Rolls a transaction back, even when the caller has given up. With <paramref name="confirm"/> (its statement
    /// may still be running) it also waits until the server has ended it: a DELETE only marks a running statement
    /// for termination, and the statement stops at its next check; until then the transaction answers "used
    /// concurrently", afterwards "not found".
    /// </summary>
    private async Task TerminateAsync(Uri open, bool confirm)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                using var rollback = await _http.DeleteAsync(open, quick.Token);
                if (!confirm || (rollback.StatusCode == HttpStatusCode.NotFound
                    && (await rollback.Content.ReadAsStringAsync(quick.Token)).Contains("TransactionNotFound", StringComparison.Ordinal)))
                {
                    return;
                }

                await Task.Delay(50, quick.Token);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Unreachable now: the server rolls the transaction back itself when it times out (dbms.transaction.timeout, or idle).
        }
    }

    /// <summary>Reads a transactional endpoint's answer: its results, or the first error as a <see cref="Neo4jException"/>.</summary>
    private JsonElement Result(string text, HttpStatusCode status)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            throw new Neo4jException($"Neo4j at {_settings.Url} refused user '{_settings.User}': wrong user or password", "Neo.ClientError.Security.Unauthorized");
        }

        using var doc = JsonDocument.Parse(text);
        var errors = doc.RootElement.GetProperty("errors");
        if (errors.GetArrayLength() > 0)
        {
            throw new Neo4jException(errors[0].GetProperty("message").GetString() ?? "", errors[0].GetProperty("code").GetString());
        }

        return doc.RootElement.GetProperty("results").Clone();
    }

    /// <summary>Reads the root document (retrying with backoff while the server is unreachable) and derives the commit endpoint.</summary>
    private async Task<Uri> CommitEndpointAsync(CancellationToken cancellationToken)
    {
        if (_commit is not null)
        {
            return _commit;
        }

        try
        {
            return await RetryDiscovery.ExecuteAsync(
                async token =>
                {
                    using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timer.CancelAfter(DefaultTimeout);
                    using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/", UriKind.Relative), timer.Token));
                    var root = doc.RootElement;
                    if (root.TryGetProperty("transaction", out var tx))
                    {
                        // Neo4j 4 and 5: "transaction": "http://host:7474/db/{databaseName}/tx"
                        MajorVersion = root.TryGetProperty("neo4j_version", out var v) && int.TryParse(v.GetString()?.Split('.')[0], out var major) ? major : 5;
                        _commit = new Uri(tx.GetString()!.Replace("{databaseName}", _settings.Database, StringComparison.Ordinal) + "/commit");
                    }
                    else
                    {
                        // Neo4j 3.x: "data": "http://host:7474/db/data/"
                        MajorVersion = 3;
                        _commit = new Uri(new Uri(root.GetProperty("data").GetString()!), "transaction/commit");
                    }

                    return _commit;
                },
                cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new Neo4jException($"cannot reach Neo4j at {_settings.Url}: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Neo4jException($"Neo4j at {_settings.Url} did not answer within {DefaultTimeout.TotalSeconds:0} s", "SupplyGraph.Timeout", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The request body, written once (no copy of the parameters: a push's are megabytes).</summary>
    private static byte[] Body(IReadOnlyList<Statement> statements)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            foreach (var statement in statements)
            {
                writer.WriteStartObject();
                writer.WriteString("statement", statement.Cypher);
                writer.WritePropertyName("parameters");
                if (statement.Parameters is null)
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }
                else
                {
                    statement.Parameters.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static ByteArrayContent Content(byte[] body) => new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };

    private static ResiliencePipeline Retry(PredicateBuilder<object> shouldHandle) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = shouldHandle,
            MaxRetryAttempts = Backoff.Length,
            DelayGenerator = a => ValueTask.FromResult<TimeSpan?>(Backoff[Math.Min(a.AttemptNumber, Backoff.Length - 1)]),
        })
        .Build();
}

