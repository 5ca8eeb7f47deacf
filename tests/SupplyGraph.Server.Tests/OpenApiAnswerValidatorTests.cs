using System.Text.Json;

namespace SupplyGraph.Server.Tests;

/// <summary>The validator the answer tests rest on: it must fail where an answer and its document differ, naming the path.</summary>
public sealed class OpenApiAnswerValidatorTests
{
    private const string Document = """
        {
          "paths": { "/rows": { "get": { "responses": { "200": { "content": { "application/json": {
            "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Row" } } } } } } } } },
          "components": { "schemas": {
            "Row": {
              "type": "object",
              "required": ["row", "verdict", "at"],
              "properties": {
                "row": { "type": "integer", "format": "int32" },
                "verdict": { "type": "string", "enum": ["listed", "clear"] },
                "at": { "type": "string", "format": "date-time" },
                "since": { "type": "string", "format": "date", "nullable": true },
                "ids": { "type": "object", "additionalProperties": { "type": "string" } },
                "chain": { "type": "array", "items": { "type": "object", "required": ["owner"], "properties": { "owner": { "type": "string" } } } }
              }
            }
          } }
        }
        """;

    private static IReadOnlyList<string> Check(string answer) =>
        new OpenApiAnswerValidator(JsonDocument.Parse(Document).RootElement).Check("GET", "/rows", 200, answer);

    [Fact]
    public void Check_ConformingAnswer_HasNoErrors()
    {
        Assert.Empty(Check("""[{"row": 1, "verdict": "listed", "at": "2026-12-05T17:53:49.5792936+00:00", "since": null, "ids": {"lei": "X"}, "chain": [{"owner": "sugon"}]}]"""));
    }

    [Theory]
    [InlineData("""[{"row": 1, "verdict": "listed"}]""", "$[0]: required field 'at' is missing")] // a required field left out
    [InlineData("""[{"row": 1, "verdict": "listed", "at": "2026-12-05T00:00:00Z", "extra": 1}]""", "$[0].extra: not documented")] // a field the closed schema does not name
    [InlineData("""[{"row": "1", "verdict": "listed", "at": "2026-12-05T00:00:00Z"}]""", "$[0].row: expected an integer, got the string \"1\"")] // wrong type
    [InlineData("""[{"row": 3000000000, "verdict": "listed", "at": "2026-12-05T00:00:00Z"}]""", "$[0].row: 3000000000 is not an int32")] // out of the format's range
    [InlineData("""[{"row": 1, "verdict": "blocked", "at": "2026-12-05T00:00:00Z"}]""", "$[0].verdict: \"blocked\" is not one of \"listed\", \"clear\"")] // outside the enum
    [InlineData("""[{"row": 1, "verdict": "listed", "at": "2026-12-05"}]""", "$[0].at: '2026-12-05' is not a date-time")] // a date where a date-time is documented
    [InlineData("""[{"row": 1, "verdict": "listed", "at": "2026-12-05T00:00:00Z", "since": "05/12/2026"}]""", "$[0].since: '05/12/2026' is not a date")] // not ISO
    [InlineData("""[{"row": null, "verdict": "listed", "at": "2026-12-05T00:00:00Z"}]""", "$[0].row: null, but the document does not say it may be null")] // null, not nullable
    [InlineData("""[{"row": 1, "verdict": "listed", "at": "2026-12-05T00:00:00Z", "ids": {"lei": 5}}]""", "$[0].ids.lei: expected a string, got the number 5")] // additionalProperties' schema
    [InlineData("""[{"row": 1, "verdict": "listed", "at": "2026-12-05T00:00:00Z", "chain": [{"owner": "a"}, {}]}]""", "$[0].chain[1]: required field 'owner' is missing")] // nested in items
    public void Check_AnswerDiffersFromTheDocument_NamesThePath(string answer, string error)
    {
        Assert.Equal([error], Check(answer));
    }

    [Fact]
    public void Check_SchemaKeywordOutsideTheSubset_IsReportedNotSkipped()
    {
        var schema = JsonDocument.Parse("""{"oneOf": [{"type": "string"}, {"type": "integer"}]}""").RootElement;
        var errors = new OpenApiAnswerValidator(JsonDocument.Parse(Document).RootElement).Check(schema, JsonDocument.Parse("true").RootElement);
        Assert.Equal(["$: the schema uses 'oneOf', which this validator does not check"], errors);
    }
}
