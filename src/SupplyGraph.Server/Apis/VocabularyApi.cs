using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>What the dashboard offers as pickers: the relationship types and rule profiles the server knows.</summary>
public static class VocabularyApi
{
    public static void MapVocabularyApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/vocabulary", () => TypedResults.Ok(new VocabularyResponse(
                [.. RelationshipTypes.All.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new RelationshipTypeResponse(t.Key, t.Value))],
                RuleProfiles.Defaults)))
            .WithTags("Vocabulary").RequireAuthorization(Policies.Read)
            .WithSummary("The relationship types and rule profiles the server knows")
            .WithDescription("Each relationship type with what its direction means, and each ownership rule profile with its lists, threshold and citation.");
}

/// <summary>A relationship type and what its direction means.</summary>
public sealed record RelationshipTypeResponse(string Type, string Meaning);

/// <summary>The pickers' contents.</summary>
public sealed record VocabularyResponse(IReadOnlyList<RelationshipTypeResponse> RelationshipTypes, IReadOnlyList<RuleProfile> Rules);
