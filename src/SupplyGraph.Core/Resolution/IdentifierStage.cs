namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Stage 1: the same identifier of the same scheme (LEI, IMO, a registration number, a list entry number) is the
/// same party. Schemes numbered by the readers (<c>passport-2</c>) compare under their base scheme.
/// </summary>
public sealed class IdentifierStage
{
    private readonly Dictionary<string, List<string>> _ids = new(StringComparer.Ordinal);

    /// <summary>Indexes an entity's identifiers.</summary>
    /// <param name="entity">The entity.</param>
    public void Add(PartyDescription entity)
    {
        foreach (var (scheme, value) in entity.Identifiers)
        {
            var key = KeyOf(scheme, value);
            if (key is null)
            {
                continue;
            }

            if (!_ids.TryGetValue(key, out var list))
            {
                _ids[key] = list = [];
            }

            if (!list.Contains(entity.Id))
            {
                list.Add(entity.Id);
            }
        }
    }

    /// <summary>Entities sharing an identifier with the record, with the scheme that matched.</summary>
    /// <param name="record">The record.</param>
    /// <returns>(entity id, scheme) pairs.</returns>
    public List<(string Id, string Scheme)> Find(PartyDescription record)
    {
        var found = new List<(string, string)>();
        foreach (var (scheme, value) in record.Identifiers)
        {
            if (KeyOf(scheme, value) is { } key && _ids.TryGetValue(key, out var ids))
            {
                foreach (var id in ids)
                {
                    found.Add((id, BaseScheme(scheme)));
                }
            }
        }

        return found;
    }

    /// <summary>The scheme without the reader's <c>-2</c>, <c>-3</c> numbering.</summary>
    /// <param name="scheme">A scheme.</param>
    /// <returns>The base scheme.</returns>
    public static string BaseScheme(string scheme)
    {
        var dash = scheme.LastIndexOf('-');
        return dash > 0 && dash < scheme.Length - 1 && int.TryParse(scheme.AsSpan(dash + 1), out _) ? scheme[..dash] : scheme;
    }

    /// <summary>An identifier as compared: upper case, without spaces, dots and dashes.</summary>
    /// <param name="value">As published.</param>
    /// <returns>The comparable value.</returns>
    public static string NormalizeValue(string value)
    {
        Span<char> buffer = value.Length <= 128 ? stackalloc char[value.Length] : new char[value.Length];
        var n = 0;
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[n++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    private static string? KeyOf(string scheme, string value)
    {
        var v = NormalizeValue(value);
        // Very short values ("1", "A") are row numbers or typos, not identifiers worth joining on.
        return v.Length < 4 ? null : BaseScheme(scheme) + ":" + v;
    }
}
