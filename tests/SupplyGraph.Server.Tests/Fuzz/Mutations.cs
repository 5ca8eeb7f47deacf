using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace SupplyGraph.Server.Tests.Fuzz;

/// <summary>
/// Generators of bad input: valid seed documents mutated at the JSON level (a field set to a wrong type, a
/// duplicate or unknown key) and then at the byte level (flips, truncation, inserted garbage: invalid UTF-8, lone
/// surrogate escapes, NUL, deep nesting, huge numbers), plus random JSON. Shared with the CLI tests (linked).
/// </summary>
public static class Mutations
{
    /// <summary>Cases per fuzz test: small and seeded in CI, more with <c>SUPPLYGRAPH_FUZZ_ITERATIONS</c>.</summary>
    public static int Iterations { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("SUPPLYGRAPH_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 0;

    /// <summary>True for a long campaign: random seeds, many iterations.</summary>
    public static bool Long => Iterations > 0;

    /// <summary>The fixed seed of the CI run, so that it is the same run every time.</summary>
    public const string CiSeed = "0N0XIzNsQ0O2";

    /// <summary>Raw JSON fragments a field may be set to (wrong types, bad strings, out-of-range numbers).</summary>
    public static readonly string[] RawValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890", "1e-400",
        "\"\"", "\" \"", "\"x\"", "\"a\\u0000b\"", "\"a\\u001bb\"", "\"a\\ud800b\"", "\"\\udc00\"", "\"a\\nb\"", "\"\\u007f\\u0085\"",
        "[]", "{}", "[1, \"a\", null]", "{\"a\": 1}", "{\"min\": 0.1, \"max\": 1e400}", "\"2024-13-45\"", "\"SUPPLIES\"", "\"NOPE\"",
        "\"" + new string('a', 5000) + "\"", Deep(70), Deep(63), "[" + string.Join(',', Enumerable.Repeat("1", 2000)) + "]",
    ];

    /// <summary>Keys inserted into objects: the project's own (so often duplicates) and unknown ones.</summary>
    public static readonly string[] Keys =
    [
        "id", "name", "labels", "type", "from", "to", "share", "provenance", "source", "query", "parameters", "entities",
        "relationships", "changes", "op", "entity", "list_id", "unknown", "", "a\\u0000", "\\ud800",
    ];

    /// <summary>Byte strings inserted anywhere.</summary>
    public static readonly byte[][] Garbage =
    [
        [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80], [0x00], [0xEF, 0xBB, 0xBF],
        "\\ud800"u8.ToArray(), "\\udc00"u8.ToArray(), "\\u0000"u8.ToArray(), "\\"u8.ToArray(), "\""u8.ToArray(),
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        "1e400"u8.ToArray(), "NaN"u8.ToArray(), "null"u8.ToArray(), " garbage"u8.ToArray(), "/*"u8.ToArray(), "//x\n"u8.ToArray(),
        "\r\n"u8.ToArray(), "\u2028"u8.ToArray(), Encoding.UTF8.GetBytes(Deep(70)), "\"id\": 1, "u8.ToArray(), "\"name\": \"dup\", "u8.ToArray(),
        "\"zzz\": 1, "u8.ToArray(), "{\"a\":1}{\"b\":2}"u8.ToArray(),
    ];

    /// <summary>One seed, mutated: first structurally, then at the byte level.</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<string> seeds) =>
        from seed in Gen.Int[0, seeds.Count - 1]
        from structural in Gen.Int[0, 3]
        from pick in Gen.Int[0, 10_000]
        from raw in Gen.Int[0, RawValues.Length - 1]
        from key in Gen.Int[0, Keys.Length - 1]
        from bytes in ByteMutations.Array[0, 3]
        select Apply(bytes, Encoding.UTF8.GetBytes(Structural(seeds[seed], structural, pick, raw, key)));

    /// <summary>Random JSON documents (any shape), as bytes.</summary>
    public static Gen<byte[]> RandomJson =>
        Gen.Int.Select(seed => Encoding.UTF8.GetBytes(RandomValue(new Random(seed), 0)));

    /// <summary>Mutated seeds mostly, random JSON and random bytes sometimes.</summary>
    public static Gen<byte[]> Bodies(IReadOnlyList<string> seeds) =>
        Gen.Frequency((8, (IGen<byte[]>)Mutated(seeds)), (1, RandomJson), (1, Gen.Byte.Array[0, 64]));

    private static Gen<Func<byte[], byte[]>> ByteMutations => Gen.OneOf<Func<byte[], byte[]>>(
        from at in Gen.Double[0, 1]
        from value in Gen.Byte
        select (Func<byte[], byte[]>)(b => Flip(b, at, value)),
        from at in Gen.Double[0, 1]
        select (Func<byte[], byte[]>)(b => b[..(int)(b.Length * at)]),
        from at in Gen.Double[0, 1]
        from g in Gen.Int[0, Garbage.Length - 1]
        select (Func<byte[], byte[]>)(b => Insert(b, at, Garbage[g])),
        from at in Gen.Double[0, 1]
        from length in Gen.Int[1, 8]
        select (Func<byte[], byte[]>)(b => Delete(b, at, length)));

    private static byte[] Apply(Func<byte[], byte[]>[] mutations, byte[] body) =>
        mutations.Aggregate(body, (b, m) => m(b));

    private static byte[] Flip(byte[] b, double at, byte value)
    {
        if (b.Length == 0)
        {
            return [value];
        }

        var copy = (byte[])b.Clone();
        copy[Math.Min(b.Length - 1, (int)(b.Length * at))] = value;
        return copy;
    }

    private static byte[] Insert(byte[] b, double at, byte[] what)
    {
        var i = (int)(b.Length * at);
        return [.. b[..i], .. what, .. b[i..]];
    }

    private static byte[] Delete(byte[] b, double at, int length)
    {
        var i = (int)(b.Length * at);
        return [.. b[..i], .. b[Math.Min(b.Length, i + length)..]];
    }

    /// <summary>0: unchanged; 1: one field set to a raw value; 2: a key inserted first in one object; 3: both.</summary>
    private static string Structural(string seed, int kind, int pick, int raw, int key)
    {
        if (kind == 0 || !seed.StartsWith('{') || JsonNode.Parse(seed) is not { } root)
        {
            return seed; // CSV seeds get byte-level mutations only
        }

        var objects = new List<JsonObject>();
        Collect(root, objects);
        if (objects.Count == 0)
        {
            return seed;
        }

        var target = objects[pick % objects.Count];
        const string Marker = "\"@@raw@@\"";
        if (kind is 1 or 3 && target.Count > 0)
        {
            var name = target.ElementAt(pick % target.Count).Key;
            target[name] = "@@raw@@";
        }

        if (kind is 2 or 3)
        {
            target.Insert(0, "@@key@@", 1);
        }

        return root.ToJsonString()
            .Replace(Marker, RawValues[raw], StringComparison.Ordinal)
            .Replace("\"@@key@@\":1", $"\"{Keys[key]}\": {RawValues[(raw + pick) % RawValues.Length]}", StringComparison.Ordinal);
    }

    private static void Collect(JsonNode node, List<JsonObject> objects)
    {
        if (node is JsonObject o)
        {
            objects.Add(o);
            foreach (var (_, child) in o.ToList())
            {
                if (child is not null)
                {
                    Collect(child, objects);
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a.ToList())
            {
                if (child is not null)
                {
                    Collect(child, objects);
                }
            }
        }
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 3 ? 3 : 6) switch
    {
        0 => RawValues[random.Next(RawValues.Length)],
        1 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => "\"" + Keys[random.Next(Keys.Length)] + "\"",
        3 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => "{" + string.Join(", ", Enumerable.Range(0, random.Next(5)).Select(_ => $"\"{Keys[random.Next(Keys.Length)]}\": {RandomValue(random, depth + 1)}")) + "}",
    };

    private static string Deep(int levels) => new string('[', levels) + new string(']', levels);

    /// <summary>The body as printable text for a failure message: what to paste into the corpus.</summary>
    public static string Show(byte[] body) =>
        Convert.ToBase64String(body) + " = " + Core.Model.StrictJson.Printable(Encoding.UTF8.GetString(body.Length > 300 ? body[..300] : body));
}
