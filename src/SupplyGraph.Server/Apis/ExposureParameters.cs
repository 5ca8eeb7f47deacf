using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace SupplyGraph.Server.Apis;

/// <summary>What <c>/api/exposure</c> asks beyond the traversal filter: whose exposure, to which lists, which way.</summary>
public sealed record ExposureParameters(
    [property: FromQuery(Name = "entity"), Description("The entity (id or name) whose exposure to listed parties is measured; repeat for a set.")]
    string[] Entity,
    [property: FromQuery(Name = "lists"), Description("Only these lists (ids; repeat or comma-separated). Default: every list.")]
    string[]? Lists,
    [property: FromQuery(Name = "limit"), Description("At most this many hits, from 1 to the server's MaxResults (1000 unless configured). Default: MaxResults.")]
    int? Limit,
    [property: FromQuery(Name = "reverse"), Description("Who is exposed to this one entity instead of what it is exposed to. Default: false.")]
    bool? Reverse);
