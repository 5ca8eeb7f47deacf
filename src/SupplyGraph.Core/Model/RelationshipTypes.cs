using System.Collections.Frozen;

namespace SupplyGraph.Core.Model;

/// <summary>The relationship types the graph knows, each with the meaning of its direction.</summary>
public static class RelationshipTypes
{
    /// <summary>Owner → owned, with a share.</summary>
    public const string Owns = "OWNS";
    /// <summary>Subsidiary → parent.</summary>
    public const string SubsidiaryOf = "SUBSIDIARY_OF";
    /// <summary>Controller → controlled, without (or beyond) ownership.</summary>
    public const string Controls = "CONTROLS";
    /// <summary>Supplier → customer, with items.</summary>
    public const string Supplies = "SUPPLIES";
    /// <summary>Manufacturer → the party it manufactures for.</summary>
    public const string ManufacturesFor = "MANUFACTURES_FOR";
    /// <summary>Cloud provider → customer, with the service.</summary>
    public const string ProvidesCloudTo = "PROVIDES_CLOUD_TO";
    /// <summary>Provider → the technology or party it gives access to.</summary>
    public const string ProvidesAccessTo = "PROVIDES_ACCESS_TO";
    /// <summary>Distributor → principal.</summary>
    public const string DistributesFor = "DISTRIBUTES_FOR";
    /// <summary>Partner → partner (stored once; read in both directions).</summary>
    public const string PartnersWith = "PARTNERS_WITH";
    /// <summary>Listed party → list, with citation and date.</summary>
    public const string ListedOn = "LISTED_ON";
    /// <summary>Developer → technology.</summary>
    public const string Develops = "DEVELOPS";
    /// <summary>Operator → facility.</summary>
    public const string Operates = "OPERATES";
    /// <summary>Person → organization they lead.</summary>
    public const string Leads = "LEADS";
    /// <summary>Government body → list it administers.</summary>
    public const string Administers = "ADMINISTERS";
    /// <summary>A tie a source names without saying what kind.</summary>
    public const string AssociatedWith = "ASSOCIATED_WITH";

    /// <summary>Every known type with the meaning of its direction.</summary>
    public static FrozenDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [Owns] = "owner → owned (share)",
        [SubsidiaryOf] = "subsidiary → parent",
        [Controls] = "controller → controlled",
        [Supplies] = "supplier → customer (items)",
        [ManufacturesFor] = "manufacturer → client",
        [ProvidesCloudTo] = "cloud provider → customer (service)",
        [ProvidesAccessTo] = "provider → what it gives access to",
        [DistributesFor] = "distributor → principal",
        [PartnersWith] = "partner → partner",
        [ListedOn] = "listed party → list",
        [Develops] = "developer → technology",
        [Operates] = "operator → facility",
        [Leads] = "person → organization",
        [Administers] = "government body → list",
        [AssociatedWith] = "party → party (unspecified tie)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="type"/> is a known type (exact, upper case).</summary>
    /// <param name="type">The type name.</param>
    /// <returns>True when known.</returns>
    public static bool IsKnown(string type) => All.ContainsKey(type);
}
