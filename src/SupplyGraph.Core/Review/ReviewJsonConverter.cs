using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>Review items in their JSON form (<see cref="ReviewJson"/>), for <c>System.Text.Json</c> and so ASP.NET Core.</summary>
public sealed class ReviewJsonConverter() : GraphJsonConverter<ReviewRecord>(ReviewJson.Read, ReviewJson.Write);
