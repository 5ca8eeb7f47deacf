using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Client;

/// <summary>
/// A typed client for the server's REST API (docs/api.md): reads, writes, analytics, the change log and Cypher. Every
/// refusal is a <see cref="SupplyGraphProblemException"/> carrying the problem's status, field and detail.
/// </summary>
public sealed class SupplyGraphClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for a server.</summary>
    /// <param name="baseAddress">The server, e.g. <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="apiKey">The key sent as <c>X-Api-Key</c>; null for none (anonymous loopback reads).</param>
    /// <param name="timeout">How long one request may take (default 100 s).</param>
    public SupplyGraphClient(Uri baseAddress, string? apiKey = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        _ownsHttp = true;
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> the caller configured (base address, key, handler); it is not disposed here.</summary>
    /// <param name="http">The HTTP client, with its <see cref="HttpClient.BaseAddress"/> set.</param>
    public SupplyGraphClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>The server this client talks to.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The store's size and last sequence, and the server's subscriptions and queries.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The health answer.</returns>
    public Task<ServerHealth> HealthAsync(CancellationToken cancellationToken = default) => GetAsync<ServerHealth>("health", cancellationToken);

    /// <summary>Finds entities by name, alias or id (typo-tolerant).</summary>
    /// <param name="text">What to look for.</param>
    /// <param name="limit">Most matches.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Matches, best first.</returns>
    public Task<IReadOnlyList<FoundEntity>> FindAsync(string text, int limit = 20, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FoundEntity>>("api/entities" + new Query().Add("q", text).Add("limit", limit), cancellationToken);

    /// <summary>An entity with its listings and relationships.</summary>
    /// <param name="id">The entity id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="SupplyGraphProblemException">404 (field <c>id</c>) when there is none.</exception>
    public Task<EntityDetails> GetEntityAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<EntityDetails>("api/entities/" + Uri.EscapeDataString(id), cancellationToken);

    /// <summary>Creates or replaces an entity (an editor's key).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The commit.</returns>
    public Task<CommitResult> PutEntityAsync(Entity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return SendAsync<CommitResult>(HttpMethod.Put, "api/entities/" + Uri.EscapeDataString(entity.Id), Json(entity), null, cancellationToken);
    }

    /// <summary>Deletes an entity (an editor's key).</summary>
    /// <param name="id">The entity id.</param>
    /// <param name="detach">Delete its relationships too; without it, an entity that has some is refused.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The commit.</returns>
    public Task<CommitResult> DeleteEntityAsync(string id, bool detach = false, CancellationToken cancellationToken = default) =>
        SendAsync<CommitResult>(HttpMethod.Delete, "api/entities/" + Uri.EscapeDataString(id) + (detach ? "?detach=true" : ""), null, null, cancellationToken);

    /// <summary>Commits a batch atomically (an editor's key): all of it or, with a problem naming the field, nothing.</summary>
    /// <param name="batch">The changes; its description goes in the change log.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The commit, with its sequence.</returns>
    public Task<CommitResult> ApplyAsync(ChangeBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WritePropertyName("changes");
            JsonSerializer.Serialize(w, batch.Changes, ClientJson.Options);
            w.WriteEndObject();
        }

        return SendAsync<CommitResult>(HttpMethod.Post, "api/batches", JsonBytes(body.ToArray()), batch.Description, cancellationToken);
    }

    /// <summary>Commits a batch written in the import JSON format (<c>{"entities", "relationships", "changes"}</c>, docs/import-formats.md).</summary>
    /// <param name="json">The batch document.</param>
    /// <param name="description">What the batch is, for the change log; null for the server's default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The commit, with its sequence.</returns>
    public Task<CommitResult> ApplyJsonAsync(string json, string? description = null, CancellationToken cancellationToken = default) =>
        SendAsync<CommitResult>(HttpMethod.Post, "api/batches", JsonBytes(Encoding.UTF8.GetBytes(json)), description, cancellationToken);

    /// <summary>The shortest path, the k shortest, or all bounded paths between two entities.</summary>
    /// <param name="from">Start entity (id, name or alias).</param>
    /// <param name="to">End entity.</param>
    /// <param name="filters">Hops, types, direction and the other filters.</param>
    /// <param name="k">How many shortest paths (1 for the shortest).</param>
    /// <param name="all">Every simple path within the hops instead.</param>
    /// <param name="weight"><c>confidence</c> or a numeric property for a weighted search; null for fewest hops.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The paths.</returns>
    public Task<PathsAnswer> PathsAsync(string from, string to, TraversalOptions? filters = null, int k = 1, bool all = false, string? weight = null, CancellationToken cancellationToken = default)
    {
        var query = new Query().Add("from", from).Add("to", to).Filters(filters);
        if (k != 1)
        {
            query.Add("k", k);
        }

        if (all)
        {
            query.Add("all", "true");
        }

        return GetAsync<PathsAnswer>("api/paths" + query.Add("weight", weight), cancellationToken);
    }

    /// <summary>Listed parties the entities reach within the hops, with their best paths and a score.</summary>
    /// <param name="entities">The entities to start from (ids, names or aliases).</param>
    /// <param name="filters">Hops, types, direction and the other filters.</param>
    /// <param name="lists">Only these lists; null for every list.</param>
    /// <param name="reverse">Who is exposed to the (one) listed party instead.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The exposure answer.</returns>
    public Task<ExposureResult> ExposureAsync(IReadOnlyList<string> entities, TraversalOptions? filters = null, IReadOnlyList<string>? lists = null, bool reverse = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var query = new Query();
        foreach (var e in entities)
        {
            query.Add("entity", e);
        }

        query.Filters(filters).Add("lists", lists);
        if (reverse)
        {
            query.Add("reverse", "true");
        }

        return GetAsync<ExposureResult>("api/exposure" + query, cancellationToken);
    }

    /// <summary>The 50 %-rule determination for an entity, with its owners and chains.</summary>
    /// <param name="entity">The entity (id, name or alias).</param>
    /// <param name="rule"><c>ofac</c> or <c>bis-affiliates</c>.</param>
    /// <param name="asOf">The day; null for today.</param>
    /// <param name="lists">Only these lists seed the rule; null for the profile's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The determination.</returns>
    public Task<OwnershipDetermination> OwnershipAsync(string entity, string rule = "ofac", DateOnly? asOf = null, IReadOnlyList<string>? lists = null, CancellationToken cancellationToken = default) =>
        GetAsync<OwnershipDetermination>("api/ownership/" + Uri.EscapeDataString(entity) + new Query().Add("rule", rule).Add("asOf", asOf).Add("lists", lists), cancellationToken);

    /// <summary>A page of the change log after a sequence.</summary>
    /// <param name="since">The last sequence already seen (0 for the start).</param>
    /// <param name="limit">Most entries.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    public Task<ChangesPage> ChangesAsync(long since, int limit = 100, CancellationToken cancellationToken = default) =>
        GetAsync<ChangesPage>("api/changes" + new Query().Add("since", since).Add("limit", limit), cancellationToken);

    /// <summary>Runs Cypher (read-only for a reader's key; writes are one logged batch).</summary>
    /// <param name="query">The query.</param>
    /// <param name="parameters">Its parameters; null for none.</param>
    /// <param name="cancellationToken">Cancels the request (and the query on the server).</param>
    /// <returns>The answer.</returns>
    public Task<CypherAnswer> CypherAsync(string query, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        var body = parameters is null ? (object)new { query } : new { query, parameters };
        return SendAsync<CypherAnswer>(HttpMethod.Post, "api/cypher", Json(body), null, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(HttpMethod.Get, path, null, null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string? description, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (description is not null)
        {
            request.Headers.Add("X-Batch-Description", description);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{method} {path}: the server answered {(int)response.StatusCode} with an empty body");
    }

    private static async Task<SupplyGraphProblemException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var problem = JsonDocument.Parse(text).RootElement.Clone();
            if (problem.ValueKind == JsonValueKind.Object)
            {
                return new SupplyGraphProblemException(response.StatusCode, Text(problem, "title"), Text(problem, "detail"), Text(problem, "field"),
                    problem.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null, problem);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, an empty 401): the status and the text say what there is.
        }

        return new SupplyGraphProblemException(response.StatusCode, response.ReasonPhrase, text.Length > 500 ? text[..500] : text, null, null, default);
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static ByteArrayContent Json<T>(T value) => JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, ClientJson.Options));

    /// <summary>A query string, each value escaped; nulls are left out.</summary>
    private sealed class Query
    {
        private readonly StringBuilder _text = new();

        public Query Add(string name, string? value)
        {
            if (value is not null)
            {
                _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }

            return this;
        }

        public Query Add(string name, long value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

        public Query Add(string name, DateOnly? value) => Add(name, value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public Query Add(string name, IReadOnlyList<string>? values) => Add(name, values is null ? null : string.Join(',', values));

        public Query Filters(TraversalOptions? filters)
        {
            if (filters is null)
            {
                return this;
            }

            if (filters.MaxHops is { } hops)
            {
                Add("maxHops", hops);
            }

            return Add("types", filters.Types)
                .Add("direction", filters.Direction switch { Direction.Out => "out", Direction.In => "in", Direction.Both => "both", _ => null })
                .Add("asOf", filters.AsOf)
                .Add("avoidLabels", filters.AvoidLabels)
                .Add("avoidCountries", filters.AvoidCountries)
                .Add("requireLabels", filters.RequireLabels)
                .Add("requireCountries", filters.RequireCountries);
        }

        public override string ToString() => _text.ToString();
    }
}
