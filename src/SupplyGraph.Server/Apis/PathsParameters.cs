using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace SupplyGraph.Server.Apis;

/// <summary>What <c>/api/paths</c> asks beyond the traversal filter: the two ends, how many routes and how they are weighed.</summary>
public sealed record PathsParameters(
    [property: FromQuery(Name = "from"), Description("The entity the route starts at: an id or a name.")]
    string From,
    [property: FromQuery(Name = "to"), Description("The entity the route ends at: an id or a name.")]
    string To,
    [property: FromQuery(Name = "k"), Description("How many shortest routes, from 1 to 100. Default: 1.")]
    int? K,
    [property: FromQuery(Name = "all"), Description("Every simple route within maxHops instead of the k shortest (up to limit; truncated says whether more exist). Default: false.")]
    bool? All,
    [property: FromQuery(Name = "limit"), Description("At most this many routes with all=true, from 1 to the server's MaxResults (1000 unless configured). Default: 100.")]
    int? Limit,
    [property: FromQuery(Name = "weight"), Description("Weigh hops instead of counting them: 'confidence' (prefer well-evidenced hops) or a numeric relationship property. Default: hops.")]
    string? Weight);
