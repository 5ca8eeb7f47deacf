using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace SupplyGraph.Server.Tests.Fuzz;

/// <summary>
/// The hub's methods called with generated arguments (nulls, wrong types, unknown types, directions and rules,
/// control characters): each call succeeds or fails with a message naming the argument; none is an "unexpected
/// error" and none drops the connection.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class HubFuzzTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private const int CiCases = 120;

    private static readonly JsonNode?[] Values =
    [
        null, "intel", "sugon", "", " ", "a\u0000b", "nope", "SUPPLIES", "sideways", "ofac", "bis-affiliates", "zzz", 0, -1, 3, 99, 1.5, true,
        new JsonArray(), new JsonArray("intel"), new JsonArray("NOPE"), new JsonArray((JsonNode?)null), new JsonObject(),
        new JsonObject { ["entities"] = new JsonArray("intel") },
        new JsonObject { ["entities"] = new JsonArray("intel"), ["types"] = new JsonArray("NOPE") },
        new JsonObject { ["entities"] = new JsonArray("intel"), ["direction"] = "sideways" },
        new JsonObject { ["entities"] = new JsonArray("intel"), ["maxHops"] = 0 },
        new JsonObject { ["entities"] = new JsonArray("intel"), ["maxHops"] = "x" },
        new JsonObject { ["entities"] = "intel" },
        new JsonObject { ["entities"] = new JsonArray((JsonNode?)null) },
        new JsonObject { ["entities"] = new JsonArray("intel"), ["types"] = new JsonArray((JsonNode?)null), ["lists"] = new JsonArray("") },
    ];

    private static readonly (string Method, int Arguments)[] Methods =
        [("SubscribeEntity", 1), ("SubscribeExposure", 1), ("SubscribeOwnership", 2), ("Resume", 2), ("Unsubscribe", 1)];

    [Fact]
    public async Task HubMethods_GeneratedArguments_AnswerOrNameTheArgument()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, o => o.AccessTokenProvider = () => Task.FromResult<string?>(ServerFactory.ReaderKey))
            .Build();
        await connection.StartAsync();
        var gen = from method in Gen.Int[0, Methods.Length - 1]
                  from count in Gen.Frequency((8, Gen.Const(-1)), (1, Gen.Int[0, 3]))
                  from values in Gen.Int[0, Values.Length - 1].Array[3]
                  select (method, count, values);
        var tried = 0;
        async Task One((int Method, int Count, int[] Values) c)
        {
            var (name, arity) = Methods[c.Method];
            var args = c.Values.Take(c.Count < 0 ? arity : c.Count).Select(v => (object?)Values[v]?.DeepClone()).ToArray();
            var what = $"{name}({string.Join(", ", args.Select(a => a?.ToString() ?? "null"))})";
            try
            {
                var result = await connection.InvokeCoreAsync<JsonNode?>(name, args);
                if (result is JsonObject answer && answer["subscriptionId"]?.GetValue<string>() is { } id)
                {
                    await connection.InvokeAsync<bool>("Unsubscribe", id);
                }
            }
            catch (HubException ex)
            {
                // Either the method refused with its own HubException (SignalR sends it as "An unexpected error
                // occurred invoking 'X' on the server. HubException: argument: …"), or SignalR refused to bind the
                // arguments (wrong count or JSON type) before the method ran. A bare "unexpected error" is a bug.
                Assert.True(
                    ex.Message.Contains("HubException: ", StringComparison.Ordinal) || ex.Message.StartsWith($"Failed to invoke '{name}'", StringComparison.Ordinal),
                    $"{what}: {ex.Message}");
            }

            Assert.True(connection.State == HubConnectionState.Connected, $"the connection dropped after {what}");
            tried++;
        }

        if (Mutations.Long)
        {
            await Check.SampleAsync(gen, c => One(c), iter: Mutations.Iterations, threads: 1);
        }
        else
        {
            await Check.SampleAsync(gen.Array[CiCases], async cases =>
            {
                foreach (var c in cases)
                {
                    await One(c);
                }
            }, seed: Mutations.CiSeed, iter: 1, threads: 1);
        }

        Console.WriteLine($"fuzz: {tried} hub calls");
        Assert.True(tried >= Math.Min(CiCases, Math.Max(1, Mutations.Iterations)));
    }

    [Theory]
    [InlineData("SubscribeEntity", "entityId", null, null)]
    [InlineData("SubscribeEntity", "entityId", "a\u0000b", null)]
    [InlineData("SubscribeOwnership", "rule", "intel", "nope")]
    [InlineData("SubscribeOwnership", "rule", "intel", null)]
    [InlineData("SubscribeOwnership", "entityId", null, "ofac")]
    [InlineData("Resume", "subscriptionId", null, 1L)]
    [InlineData("Resume", "lastSequence", "x", -5L)]
    public async Task HubMethod_BadArgument_HubExceptionNamesIt(string method, string argument, object? first, object? second)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, o => o.AccessTokenProvider = () => Task.FromResult<string?>(ServerFactory.ReaderKey))
            .Build();
        await connection.StartAsync();
        object?[] args = method is "SubscribeEntity" ? [first] : [first, second];
        var ex = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync<JsonNode?>(method, args));
        Assert.StartsWith(argument + ":", ex.Message.Split("HubException: ")[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"entities": ["intel"], "types": ["NOPE"]}""", "types:")]
    [InlineData("""{"entities": ["intel"], "direction": "sideways"}""", "direction:")]
    [InlineData("""{"entities": null}""", "entities:")]
    [InlineData("null", "request:")]
    public async Task SubscribeExposure_BadRequest_HubExceptionNamesTheField(string request, string prefix)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, o => o.AccessTokenProvider = () => Task.FromResult<string?>(ServerFactory.ReaderKey))
            .Build();
        await connection.StartAsync();
        var ex = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync<JsonNode?>("SubscribeExposure", [JsonNode.Parse(request)]));
        Assert.StartsWith(prefix, ex.Message.Split("HubException: ")[^1], StringComparison.Ordinal);
    }
}
